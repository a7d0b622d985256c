//! The kinds of distribution and their parameters as types: what a form lists, what a
//! file may say, and how an estimate changes kind or takes a typed value. Nothing here
//! matches a name by string except `parse`, so a misspelt kind or parameter does not
//! compile.

use super::{Bounds, Distribution, PERT_GAMMA, Z90};

named_enum! {
    /// A kind of distribution: the `type` of an estimate in the register's JSON.
    pub enum DistributionKind {
        /// A known value.
        Constant = ("constant", "Constant (a known value)"),
        /// Every value between two ends equally likely.
        Uniform = ("uniform", "Uniform (min, max)"),
        /// Triangular on min, most likely, max.
        Triangular = ("triangular", "Triangular (min, most likely, max)"),
        /// Beta-PERT on min, most likely, max.
        Pert = ("pert", "PERT (min, most likely, max)"),
        /// Lognormal by its 90% interval.
        Lognormal = ("lognormal", "Lognormal (90% interval)"),
        /// Normal, truncated to the quantity's bounds.
        Normal = ("normal", "Normal (mean, standard deviation)"),
        /// Beta on [0, 1].
        Beta = ("beta", "Beta (α, β)"),
        /// Poisson counts.
        Poisson = ("poisson", "Poisson (mean count)"),
        /// Observed values, each equally likely.
        Empirical = ("empirical", "Empirical (observed values)"),
    }
}

named_enum! {
    /// A parameter of a distribution, by its name in the register's JSON.
    pub enum Parameter {
        /// The value of a constant.
        Value = ("value", "value"),
        /// The smallest possible value.
        Min = ("min", "minimum"),
        /// The most likely value.
        Mode = ("mode", "most likely"),
        /// The largest possible value.
        Max = ("max", "maximum"),
        /// PERT's weight of the most likely value.
        Gamma = ("gamma", "peakedness (γ)"),
        /// A lognormal's 5th percentile.
        Low = ("low", "low (5th percentile)"),
        /// A lognormal's 95th percentile.
        High = ("high", "high (95th percentile)"),
        /// The mean (normal, Poisson).
        Mean = ("mean", "mean"),
        /// A normal's standard deviation.
        Sd = ("sd", "standard deviation"),
        /// A beta's first shape parameter.
        Alpha = ("alpha", "α"),
        /// A beta's second shape parameter.
        Beta = ("beta", "β"),
    }
}

use DistributionKind as K;
use Parameter as P;

/// The parameter names of each kind, for serde's "expected one of" messages.
const fn names<const N: usize>(parameters: [Parameter; N]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = parameters[i].as_str();
        i += 1;
    }
    out
}
const CONSTANT: [Parameter; 1] = [P::Value];
const RANGE: [Parameter; 2] = [P::Min, P::Max];
const TRIANGLE: [Parameter; 3] = [P::Min, P::Mode, P::Max];
const PERT: [Parameter; 4] = [P::Min, P::Mode, P::Max, P::Gamma];
const INTERVAL: [Parameter; 2] = [P::Low, P::High];
const NORMAL: [Parameter; 2] = [P::Mean, P::Sd];
const BETA: [Parameter; 2] = [P::Alpha, P::Beta];
const COUNT: [Parameter; 1] = [P::Mean];
const CONSTANT_NAMES: [&str; 1] = names(CONSTANT);
const RANGE_NAMES: [&str; 2] = names(RANGE);
const TRIANGLE_NAMES: [&str; 3] = names(TRIANGLE);
const PERT_NAMES: [&str; 4] = names(PERT);
const INTERVAL_NAMES: [&str; 2] = names(INTERVAL);
const NORMAL_NAMES: [&str; 2] = names(NORMAL);
const BETA_NAMES: [&str; 2] = names(BETA);
const COUNT_NAMES: [&str; 1] = names(COUNT);

impl DistributionKind {
    /// The kind's parameters, in the order a form shows them and the JSON writes them.
    pub fn parameters(self) -> &'static [Parameter] {
        match self {
            K::Constant => &CONSTANT,
            K::Uniform => &RANGE,
            K::Triangular => &TRIANGLE,
            K::Pert => &PERT,
            K::Lognormal => &INTERVAL,
            K::Normal => &NORMAL,
            K::Beta => &BETA,
            K::Poisson => &COUNT,
            K::Empirical => &[],
        }
    }

    /// The parameters' JSON names (for messages that list what a kind takes).
    pub fn parameter_names(self) -> &'static [&'static str] {
        match self {
            K::Constant => &CONSTANT_NAMES,
            K::Uniform => &RANGE_NAMES,
            K::Triangular => &TRIANGLE_NAMES,
            K::Pert => &PERT_NAMES,
            K::Lognormal => &INTERVAL_NAMES,
            K::Normal => &NORMAL_NAMES,
            K::Beta => &BETA_NAMES,
            K::Poisson => &COUNT_NAMES,
            K::Empirical => &[],
        }
    }

    /// The parameters a file may leave out, with the value they then take.
    pub fn default_of(self, parameter: Parameter) -> Option<f64> {
        (self == K::Pert && parameter == P::Gamma).then_some(PERT_GAMMA)
    }
}

impl Parameter {
    /// Whether the parameter is in the unit of the quantity (a frequency, an amount);
    /// shape parameters (γ, α, β) have no unit.
    pub fn in_units(self) -> bool {
        !matches!(self, P::Gamma | P::Alpha | P::Beta)
    }
}

/// A parameter that the estimate's kind does not have, e.g. `sd` for a PERT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotOfKind {
    /// The parameter asked for.
    pub parameter: Parameter,
    /// The estimate's kind.
    pub kind: DistributionKind,
}

impl std::fmt::Display for NotOfKind {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "a {} estimate has no `{}`: it takes {}",
            self.kind.as_str(),
            self.parameter.as_str(),
            self.kind.parameter_names().join(", ")
        )
    }
}

impl Distribution {
    /// The estimate's kind.
    pub fn kind(&self) -> DistributionKind {
        match self {
            Distribution::Constant { .. } => K::Constant,
            Distribution::Uniform { .. } => K::Uniform,
            Distribution::Triangular { .. } => K::Triangular,
            Distribution::Pert { .. } => K::Pert,
            Distribution::Lognormal { .. } => K::Lognormal,
            Distribution::Normal { .. } => K::Normal,
            Distribution::Beta { .. } => K::Beta,
            Distribution::Poisson { .. } => K::Poisson,
            Distribution::Empirical { .. } => K::Empirical,
        }
    }

    /// The distribution's JSON `type`, e.g. "pert" or "lognormal".
    pub fn name(&self) -> &'static str {
        self.kind().as_str()
    }

    /// An estimate of `kind` from its parameters' values; `value` answers `None` for a
    /// parameter not given, and the first one missing without a default is returned. An
    /// empirical estimate has no parameters, only values: it comes with none.
    pub fn from_parameters(
        kind: DistributionKind,
        mut value: impl FnMut(Parameter) -> Option<f64>,
    ) -> Result<Distribution, Parameter> {
        let mut get = |p: Parameter| value(p).or(kind.default_of(p)).ok_or(p);
        Ok(match kind {
            K::Constant => Distribution::Constant { value: get(P::Value)? },
            K::Uniform => Distribution::Uniform {
                min: get(P::Min)?,
                max: get(P::Max)?,
            },
            K::Triangular => Distribution::Triangular {
                min: get(P::Min)?,
                mode: get(P::Mode)?,
                max: get(P::Max)?,
            },
            K::Pert => Distribution::Pert {
                min: get(P::Min)?,
                mode: get(P::Mode)?,
                max: get(P::Max)?,
                gamma: get(P::Gamma)?,
            },
            K::Lognormal => Distribution::Lognormal {
                low: get(P::Low)?,
                high: get(P::High)?,
            },
            K::Normal => Distribution::Normal {
                mean: get(P::Mean)?,
                sd: get(P::Sd)?,
            },
            K::Beta => Distribution::Beta {
                alpha: get(P::Alpha)?,
                beta: get(P::Beta)?,
            },
            K::Poisson => Distribution::Poisson { mean: get(P::Mean)? },
            K::Empirical => Distribution::Empirical { values: Vec::new() },
        })
    }

    /// The value of `parameter`, if the estimate's kind has it.
    pub fn get(&self, parameter: Parameter) -> Option<f64> {
        Some(match (self, parameter) {
            (Distribution::Constant { value }, P::Value) => *value,
            (
                Distribution::Uniform { min, .. }
                | Distribution::Triangular { min, .. }
                | Distribution::Pert { min, .. },
                P::Min,
            ) => *min,
            (
                Distribution::Uniform { max, .. }
                | Distribution::Triangular { max, .. }
                | Distribution::Pert { max, .. },
                P::Max,
            ) => *max,
            (Distribution::Triangular { mode, .. } | Distribution::Pert { mode, .. }, P::Mode) => *mode,
            (Distribution::Pert { gamma, .. }, P::Gamma) => *gamma,
            (Distribution::Lognormal { low, .. }, P::Low) => *low,
            (Distribution::Lognormal { high, .. }, P::High) => *high,
            (Distribution::Normal { mean, .. } | Distribution::Poisson { mean }, P::Mean) => *mean,
            (Distribution::Normal { sd, .. }, P::Sd) => *sd,
            (Distribution::Beta { alpha, .. }, P::Alpha) => *alpha,
            (Distribution::Beta { beta, .. }, P::Beta) => *beta,
            _ => return None,
        })
    }

    /// Sets `parameter`; refused, with the estimate unchanged, when its kind has no such
    /// parameter.
    pub fn set(&mut self, parameter: Parameter, value: f64) -> Result<(), NotOfKind> {
        let kind = self.kind();
        if !kind.parameters().contains(&parameter) {
            return Err(NotOfKind { parameter, kind });
        }
        let old = self.clone();
        *self = Distribution::from_parameters(kind, |p| if p == parameter { Some(value) } else { old.get(p) })
            .expect("every parameter of the kind is present");
        Ok(())
    }

    /// The parameters with their values, in the order a form shows them.
    pub fn parameters(&self) -> Vec<(Parameter, f64)> {
        self.kind()
            .parameters()
            .iter()
            .map(|&p| (p, self.get(p).expect("a parameter of the kind")))
            .collect()
    }

    /// A distribution of `kind` for a quantity within `bounds`, carrying over the range of
    /// `like` (the one it replaces) where it has one.
    pub fn of_kind(kind: DistributionKind, like: Option<&Distribution>, bounds: Bounds) -> Distribution {
        let (low, high) = like.map(|d| d.range()).unwrap_or(if bounds.upper.is_finite() {
            (
                bounds.lower + 0.1 * (bounds.upper - bounds.lower),
                bounds.lower + 0.6 * (bounds.upper - bounds.lower),
            )
        } else {
            (1.0, 10.0)
        });
        // Kept inside the bounds of the quantity: a loss range carried over to a
        // probability (a Bernoulli event model) must not give a probability of 1.05.
        let (low, high) = (
            low.clamp(bounds.lower, bounds.upper),
            high.clamp(bounds.lower, bounds.upper),
        );
        let (low, high) = match (high > low, bounds.upper.is_finite()) {
            (true, _) => (low, high),
            (false, true) => {
                let span = bounds.upper - bounds.lower;
                (bounds.lower + 0.1 * span, bounds.lower + 0.6 * span)
            }
            (false, false) => (low, low + 1.0),
        };
        let mid = 0.5 * (low + high);
        match kind {
            K::Constant => Distribution::Constant { value: mid },
            K::Uniform => Distribution::Uniform { min: low, max: high },
            K::Triangular => Distribution::Triangular {
                min: low,
                mode: mid,
                max: high,
            },
            K::Pert => Distribution::pert(low, mid, high),
            K::Lognormal => Distribution::Lognormal {
                low: low.max(f64::MIN_POSITIVE),
                high,
            },
            K::Normal => Distribution::Normal {
                mean: mid,
                sd: (high - low) / (2.0 * Z90),
            },
            K::Beta => Distribution::Beta { alpha: 2.0, beta: 5.0 },
            K::Poisson => Distribution::Poisson { mean: mid },
            // Twenty equally likely values that describe the estimate replaced: its
            // quantiles at 2.5%, 7.5%, …, 97.5%, to four significant figures.
            K::Empirical => {
                let from = like
                    .filter(|d| {
                        let mut problems = Vec::new();
                        d.check("", bounds, &mut problems);
                        problems.is_empty()
                    })
                    .cloned()
                    .unwrap_or(Distribution::Uniform { min: low, max: high });
                let shape = from.shape(bounds);
                let ps: Vec<f64> = (0..20).map(|i| (i as f64 + 0.5) / 20.0).collect();
                let rounded = shape
                    .quantiles(&ps)
                    .into_iter()
                    .map(|x| significant(x, 4).clamp(bounds.lower, bounds.upper))
                    .collect();
                Distribution::empirical(rounded)
            }
        }
    }

    /// A low and a high value that describe where the distribution lies.
    pub fn range(&self) -> (f64, f64) {
        match *self {
            Distribution::Constant { value } => (value, value),
            Distribution::Uniform { min, max }
            | Distribution::Triangular { min, max, .. }
            | Distribution::Pert { min, max, .. } => (min, max),
            Distribution::Lognormal { low, high } => (low, high),
            Distribution::Normal { mean, sd } => (mean - Z90 * sd, mean + Z90 * sd),
            Distribution::Beta { .. } => (0.0, 1.0),
            Distribution::Poisson { mean } => (0.0, 2.0 * mean),
            Distribution::Empirical { ref values } if !values.is_empty() => {
                let at = |p: f64| values[((p * values.len() as f64) as usize).min(values.len() - 1)];
                (at(0.05), at(0.95))
            }
            Distribution::Empirical { .. } => (0.0, 0.0),
        }
    }
}

/// `x` to `digits` significant figures (as the shortest text that reads back shows it).
fn significant(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let k = digits - 1 - libm::floor(libm::log10(libm::fabs(x))) as i32;
    let scale = libm::pow(10.0, f64::from(k.abs()));
    if k >= 0 {
        libm::round(x * scale) / scale
    } else {
        libm::round(x / scale) * scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_lists_its_parameters_once_and_in_its_json_order() {
        for kind in DistributionKind::ALL {
            let like = Distribution::of_kind(kind, None, Bounds::PROBABILITY);
            assert_eq!(like.kind(), kind);
            let json: serde_json::Value = serde_json::to_value(&like).unwrap();
            let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
            let mut expected: Vec<&str> = kind.parameter_names().to_vec();
            expected.push("type");
            if kind == DistributionKind::Empirical {
                expected.push("values");
            }
            let mut sorted = keys.clone();
            sorted.sort_unstable();
            expected.sort_unstable();
            assert_eq!(sorted, expected, "{kind:?}");
            let names: Vec<&str> = kind.parameters().iter().map(|p| p.as_str()).collect();
            assert_eq!(names, kind.parameter_names());
        }
    }

    #[test]
    fn a_parameter_the_kind_lacks_is_refused_and_changes_nothing() {
        let mut pert = Distribution::pert(1.0, 2.0, 4.0);
        assert_eq!(pert.set(Parameter::Mode, 2.5), Ok(()));
        assert_eq!(pert.get(Parameter::Mode), Some(2.5));
        let refused = pert.set(Parameter::Sd, 9.0).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "a pert estimate has no `sd`: it takes min, mode, max, gamma"
        );
        assert_eq!(pert, Distribution::pert(1.0, 2.5, 4.0));
        for kind in DistributionKind::ALL {
            let mut d = Distribution::of_kind(kind, None, Bounds::PROBABILITY);
            for parameter in Parameter::ALL {
                let before = d.clone();
                let has = kind.parameters().contains(&parameter);
                assert_eq!(d.set(parameter, 0.125).is_ok(), has, "{kind:?} {parameter:?}");
                assert_eq!(d.get(parameter).is_some(), has);
                if has {
                    assert_eq!(d.get(parameter), Some(0.125));
                    // Only that parameter moved.
                    for &other in kind.parameters().iter().filter(|&&p| p != parameter) {
                        assert_eq!(d.get(other), before.get(other));
                    }
                } else {
                    assert_eq!(d, before);
                }
            }
        }
    }

    #[test]
    fn only_pert_gamma_may_be_left_out() {
        for kind in DistributionKind::ALL {
            for &missing in kind.parameters() {
                let built = Distribution::from_parameters(kind, |p| (p != missing).then_some(0.5));
                match kind.default_of(missing) {
                    Some(default) => assert_eq!(built.unwrap().get(missing), Some(default)),
                    None => assert_eq!(built, Err(missing)),
                }
            }
        }
        assert_eq!(DistributionKind::Pert.default_of(Parameter::Gamma), Some(PERT_GAMMA));
    }

    #[test]
    fn significant_figures_read_as_typed() {
        assert_eq!(significant(428_566.224_516_609_8, 4), 428_600.0);
        assert_eq!(significant(0.012_345_6, 4), 0.01235);
        assert_eq!(significant(1.234_49, 4), 1.234);
        assert_eq!(significant(-98_765.0, 2), -99_000.0);
        assert_eq!(significant(0.0, 4), 0.0);
    }
}
