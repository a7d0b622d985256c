use super::*;
use crate::assess::risk_state::all_scores;
use crate::model::control::{Control, ControlStatus, Reduction};
use crate::model::distribution::Distribution;
use crate::model::settings::{Sampling, SimulationSettings};
use crate::model::treatment::Treatment;

fn demo() -> Register {
    crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register
}

/// A register of one FAIR risk (LEF 2 a year: Likely; LM 300k: Moderate), assessed
/// L4×I3, with one planned control of the given reductions.
fn one_risk(reductions: Vec<(ReducedFactor, Distribution)>) -> Register {
    let mut register = demo();
    let mut risk = register.risks[0].clone();
    risk.id = "R-1".into();
    risk.assessment.as_mut().unwrap().likelihood = 4;
    risk.assessment.as_mut().unwrap().impact = crate::model::risk::Impact::Overall(3);
    risk.fair = Some(FairModel {
        loss_event_frequency: Some(Distribution::Constant { value: 2.0 }),
        loss_magnitude: Some(Distribution::Constant { value: 300_000.0 }),
        ..FairModel::default()
    });
    register.risks = vec![risk];
    let mut control = Control::planned("8.13", "Information backup");
    control.effect.reductions = reductions
        .into_iter()
        .map(|(factor, effectiveness)| Reduction { factor, effectiveness })
        .collect();
    control.status = ControlStatus::Planned;
    register.controls = vec![control];
    let mut treatment = Treatment::new("R-1");
    treatment.controls = vec!["8.13".into()];
    register.treatments = vec![treatment];
    register.applicability.clear();
    register
}

#[test]
fn controls_that_lower_the_money_lower_the_level_by_the_anchors() {
    // Frequency down 90%: 0.2 a year is Unlikely (two levels down); loss down by half
    // (PERT mean 0.5): 150k stays Moderate.
    let register = one_risk(vec![
        (ReducedFactor::Frequency, Distribution::Constant { value: 0.9 }),
        (ReducedFactor::PrimaryLoss, Distribution::pert(0.3, 0.5, 0.7)),
    ]);
    let risk = &register.risks[0];
    let residual = state_score(&register, risk, RiskState::Residual);
    let Basis::Model { inherent, state } = residual.basis else {
        panic!("{residual:?}")
    };
    assert_eq!((inherent.likelihood, inherent.impact), (4, 3));
    assert!((state.events_per_year - 0.2).abs() < 1e-12);
    assert!((state.loss_per_event - 150_000.0).abs() < 1e-6);
    assert_eq!(residual.scores, Some((2, 3)));
    assert_eq!(
        residual.explain(&register.criteria, Some((4, 3))).unwrap(),
        "Read from the FAIR model on the anchors: 0.2 loss events a year (Unlikely) and 150k a loss (Moderate), against 2 and 300k untreated."
    );
    assert!(
        residual.explain(&register.criteria, Some((5, 3))).unwrap().ends_with(
            "The assessed score is L5×I3 where the untreated model reads L4×I3: the score moves as many levels as the model does."
        )
    );
    // The score fields say nothing here, so the scores path would have kept L4×I3.
    assert_eq!(all_scores(&register, RiskState::Residual), [Some((4, 3))]);
    assert_eq!(all_state_scores(&register, RiskState::Residual), [Some((2, 3))]);
    // Planned controls do not count now; the inherent state is the assessed score.
    assert_eq!(state_score(&register, risk, RiskState::Current).scores, Some((4, 3)));
    let inherent = state_score(&register, risk, RiskState::Inherent);
    assert_eq!(
        (inherent.scores, inherent.basis),
        (Some((4, 3)), Basis::Scores(Because::Inherent))
    );
}

#[test]
fn the_model_moves_the_assessed_score_by_as_many_levels_as_it_moved() {
    // Assessed L5×I5 while the model reads L4×I3: a 90% cut in frequency moves the
    // model two levels (Likely → Unlikely), so the assessed five goes to three.
    let mut register = one_risk(vec![(ReducedFactor::Frequency, Distribution::Constant { value: 0.9 })]);
    let assessment = register.risks[0].assessment.as_mut().unwrap();
    assessment.likelihood = 5;
    assessment.impact = crate::model::risk::Impact::Overall(5);
    assert_eq!(all_state_scores(&register, RiskState::Residual), [Some((3, 5))]);
    // A reduction that cannot go below the lowest level stops there.
    register.controls[0].effect.reductions[0].effectiveness = Distribution::Constant { value: 0.999_99 };
    assert_eq!(all_state_scores(&register, RiskState::Residual), [Some((2, 5))]);
}

#[test]
fn without_anchors_a_choice_or_a_model_the_score_fields_decide_and_say_why() {
    let base = one_risk(vec![(ReducedFactor::Frequency, Distribution::Constant { value: 0.9 })]);
    let fields = |mut r: Register| {
        r.controls[0].effect.likelihood_levels = 1;
        r
    };
    let why = |r: &Register| state_score(r, &r.risks[0], RiskState::Residual);
    let mut no_anchor = fields(base.clone());
    no_anchor.criteria.impact[2].anchor = None;
    assert_eq!(why(&no_anchor).basis, Basis::Scores(Because::NoAnchors));
    assert_eq!(why(&no_anchor).scores, Some((3, 3)));
    let mut chosen = fields(base.clone());
    chosen.risks[0].levels_follow = LevelsFollow::Scores;
    assert_eq!(why(&chosen).basis, Basis::Scores(Because::Chosen));
    assert_eq!(why(&chosen).scores, Some((3, 3)));
    let mut no_model = fields(base.clone());
    no_model.risks[0].fair = None;
    assert_eq!(why(&no_model).basis, Basis::Scores(Because::NoModel));
    let mut broken = fields(base.clone());
    broken.risks[0].fair.as_mut().unwrap().loss_magnitude = None;
    assert_eq!(why(&broken).basis, Basis::Scores(Because::ModelIncomplete));
    // Avoided: no residual score on either basis.
    let mut avoided = base;
    avoided.treatments[0].option = crate::model::treatment::TreatmentOption::Avoid;
    assert_eq!(why(&avoided).scores, None);
}

/// The analytic means the levels are read from agree with the simulation's own tables
/// (an independent computation: quantile tables, the midpoint rule over 20,000 points)
/// for generated models across the allowed space.
#[test]
fn the_means_agree_with_the_simulation_s_analytic_means() {
    use crate::quant::simulation::{ModelSource, RiskModel};
    let mut compared = 0;
    for seed in 0..60 {
        let generated = crate::generated::register(seed, Default::default()).register;
        for risk in &generated.risks {
            let Some(fair) = &risk.fair else { continue };
            let (Some((events, primary, secondary)), Ok(model)) =
                (means(fair), RiskModel::new(&risk.id, fair, ModelSource::Fair, "$"))
            else {
                continue;
            };
            let lef = model.frequency.mean();
            let lef = if fair.event_model == EventModel::Bernoulli {
                lef.min(1.0)
            } else {
                lef
            };
            let (p, s) = model.magnitude.means();
            let close = |a: f64, b: f64, within: f64| (a - b).abs() <= within * a.abs().max(b.abs()) + 1e-12;
            // Within 1%, or 10⁻⁶ events a year (far below any anchor) where both midpoint
            // rules miss a vulnerability of a few parts in a million.
            assert!(
                close(events, lef, 1e-2) || (events - lef).abs() < 1e-6,
                "{seed} {}: {events} vs {lef}",
                risk.id
            );
            assert!(
                close(primary, p, 1e-9) && close(secondary, s, 1e-9),
                "{seed} {}: {primary}+{secondary} vs {p}+{s}",
                risk.id
            );
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared}");
}

/// On the demo, every treated FAIR risk's residual reading is what the simulated residual
/// reads on the anchors, unless the simulated value lies within its Monte-Carlo error of
/// an anchor's edge.
#[test]
fn the_demo_s_residual_readings_match_the_simulated_residual() {
    let register = demo();
    let settings = SimulationSettings {
        trials: 200_000,
        seed: 5,
        sampling: Sampling::Lhs,
    };
    let states = crate::treat::states::simulate_states(&register, &settings, false).unwrap();
    let mut checked = 0;
    for risk in &register.risks {
        // A transfer limits the year's loss, which the simulated loss per event counts and
        // a level does not.
        if treated(&register, &risk.id, RiskState::Residual).transfer.is_some() {
            continue;
        }
        let StateScore {
            basis: Basis::Model { state, .. },
            ..
        } = state_score(&register, risk, RiskState::Residual)
        else {
            continue;
        };
        let simulated = states.residual.risks.iter().find(|r| r.id == risk.id).unwrap();
        let near_edge = |value: f64, scale: &[crate::model::criteria::ScaleLevel], tolerance: f64| {
            scale
                .iter()
                .any(|l| l.anchor.is_some_and(|a| (value / a.low - 1.0).abs() < tolerance))
        };
        assert!(
            (simulated.events_per_year / state.events_per_year - 1.0).abs() < 0.01,
            "{}: {} vs {}",
            risk.id,
            simulated.events_per_year,
            state.events_per_year
        );
        if !near_edge(state.events_per_year, &register.criteria.likelihood, 0.01) {
            assert_eq!(
                level_for(&register.criteria.likelihood, simulated.events_per_year),
                Some(state.likelihood),
                "{}",
                risk.id
            );
        }
        if let Some(loss) = simulated.loss_per_event
            && !near_edge(state.loss_per_event, &register.criteria.impact, 0.05)
        {
            assert!(
                (loss / state.loss_per_event - 1.0).abs() < 0.05,
                "{}: {loss} vs {}",
                risk.id,
                state.loss_per_event
            );
            assert_eq!(
                level_for(&register.criteria.impact, loss),
                Some(state.impact),
                "{}",
                risk.id
            );
        }
        checked += 1;
    }
    assert!(checked >= 3, "{checked} treated FAIR risks");
}
