pub mod criteria;
pub mod export;
pub mod level;
pub mod pending;
pub mod register;
pub mod unreadable;
