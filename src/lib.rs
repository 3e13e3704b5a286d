//! The BackCheck widget: a thin Yew layer that renders the engine's session.
