//! How loss events turn into a year's loss: the event model of a FAIR estimate.

named_enum! {
    /// How the simulation turns loss event frequency and loss magnitude into one year's loss.
    #[derive(Default)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
    pub enum EventModel {
        /// N ~ Poisson(LEF) events a year, each with its own loss magnitude.
        #[default]
        Poisson = ("poisson", "Any number a year (Poisson), each with its own loss"),
        /// At most one loss a year, with probability LEF (Hubbard–Seiersen).
        Bernoulli = ("bernoulli", "At most one a year (frequency read as a probability)"),
        /// Annual loss = LEF × LM, one draw of each (what pyfair computes).
        Rate = ("rate", "Frequency × magnitude (pyfair-compatible)"),
    }
}
