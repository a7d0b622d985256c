//! The residual risk against the appetite, and its acceptance by the risk owner
//! (ISO/IEC 27001 6.1.3 f): record it with a justification, see when it no longer holds.

use leptos::prelude::*;

use super::level::LevelBadge;
use super::preview::Shown;
use crate::ui::simulation_runner::Treatment as Runner;
use crate::ui::workspace::today;
use residual_engine::assess::risk_state::{RiskState, treatment_of};
use residual_engine::treat::acceptance::status as acceptance_status;
use residual_engine::treat::treatment_plan::treatment_mut;

/// The residual risk against the appetite, and its acceptance by the owner.
#[component]
pub fn AcceptancePanel(risk: String) -> impl IntoView {
    let shown = expect_context::<Shown>();
    let runner = expect_context::<Runner>();
    let drafts = expect_context::<crate::ui::drafts::Drafts>();
    let register_id = expect_context::<crate::ui::workspace::Workspace>()
        .open_id
        .get_untracked();
    // The justification is typed text kept with the register's drafts until Accept.
    let key = format!("ui/acceptance:{risk}");
    let justification = {
        let (register_id, key) = (register_id.clone(), key.clone());
        move || drafts.field(&register_id, &key).map(|f| f.text).unwrap_or_default()
    };
    let error = RwSignal::new(None::<String>);
    let risk_id = risk.clone();
    move || {
        let r = shown.register.get();
        let this = r.risks.iter().find(|x| x.id == risk_id)?.clone();
        let read = residual_engine::treat::state_levels::state_score(&r, &this, RiskState::Residual);
        let residual = read.scores;
        let explained = read.explain(&r.criteria, residual_engine::assess::evaluation::scores(&this));
        // A FAIR risk on anchored criteria may follow its model (the default) or the
        // score fields: the choice is offered where the level is shown.
        let follows = this.fair.is_some()
            && !matches!(
                read.basis,
                residual_engine::treat::state_levels::Basis::Scores(
                    residual_engine::treat::state_levels::Because::NoAnchors
                        | residual_engine::treat::state_levels::Because::ModelIncomplete
                )
            );
        let switch = follows.then(|| {
            use residual_engine::model::risk::LevelsFollow;
            let now = this.levels_follow;
            let (to, words) = match now {
                LevelsFollow::Model => (LevelsFollow::Scores, "Use the score fields instead"),
                LevelsFollow::Scores => (LevelsFollow::Model, "Follow the FAIR model"),
            };
            let rid = this.id.clone();
            view! {
                " "
                <button
                    type="button"
                    class="secondary small"
                    data-testid="levels-follow"
                    on:click=move |_| {
                        let rid = rid.clone();
                        shown
                            .commit(|r| {
                                if let Some(risk) = r.risks.iter_mut().find(|x| x.id == rid) {
                                    risk.levels_follow = to;
                                }
                            });
                    }
                >
                    {words}
                </button>
            }
        });
        let level = residual.and_then(|(l, i)| r.criteria.level(l, i).cloned());
        let within = level.as_ref().map(|l| l.accepted);
        let acceptance = treatment_of(&r, &this.id).and_then(|t| t.acceptance.clone());
        let result = runner.result.get();
        let fresh = result.is_some() && runner.result_key.get() == runner.key(&r);
        let figures = result.filter(|_| fresh).and_then(|res| {
            res.residual
                .risks
                .iter()
                .find(|x| x.id == this.id)
                .map(|x| (x.summary.mean, x.summary.p90))
        });
        let verdict = match within {
            Some(true) => "Within the risk appetite.",
            Some(false) => "Above the risk appetite: accepting it needs a justification the owner signs off.",
            None => "Not scored (or avoided): no level to compare with the appetite.",
        };
        // A valid acceptance stands: the form to accept again shows once it is withdrawn,
        // expired or invalidated by a change.
        let stands = acceptance.as_ref().is_some_and(|a| {
            acceptance_status(&r, &this.id, a, &today()) == residual_engine::treat::acceptance::AcceptanceStatus::Valid
        });
        let existing = acceptance.clone().map(|a| {
            let status = acceptance_status(&r, &this.id, &a, &today());
            let figures = match (a.snapshot.mean, a.snapshot.p90) {
                (Some(m), Some(p)) => format!(
                    "; residual then: mean {}, P90 {}",
                    residual_engine::io::money::short(m),
                    residual_engine::io::money::short(p)
                ),
                _ => String::new(),
            };
            let class = if status == residual_engine::treat::acceptance::AcceptanceStatus::Valid {
                "acceptance valid"
            } else {
                "acceptance invalid"
            };
            let rid = this.id.clone();
            view! {
                <div class=class data-testid="acceptance" data-status=format!("{status:?}")>
                    <strong>{status.label()}</strong>
                    {format!(
                        " — by {} on {}, until {}{figures}. \u{201c}{}\u{201d}",
                        a.accepted_by,
                        a.date,
                        a.expires,
                        a.justification,
                    )}
                    " "
                    <button
                        type="button"
                        class="secondary small"
                        data-testid="withdraw-acceptance"
                        on:click=move |_| {
                            let rid = rid.clone();
                            shown.commit(|r| treatment_mut(r, &rid).acceptance = None);
                        }
                    >
                        "Withdraw"
                    </button>
                </div>
            }
        });
        let rid = this.id.clone();
        let (accept_register, accept_key) = (register_id.clone(), key.clone());
        let justification = justification.clone();
        let accept = move |()| {
            let Some(text) = super::required(untrack(&justification), error, || {
                "Justification: say why the residual risk is acceptable".into()
            }) else {
                return;
            };
            let rid = rid.clone();
            shown.commit(|r| {
                residual_engine::treat::acceptance::accept(r, &rid, &text, &today(), figures);
            });
            drafts.update(&accept_register, |d| {
                d.fields.remove(&accept_key);
            });
        };
        Some(view! {
            <div class="acceptance-panel" data-testid="acceptance-panel">
                <h4>"Residual risk and acceptance"</h4>
                <p>
                    "Residual level: " <LevelBadge level=level /> {residual.map(|(l, i)| format!(" (L{l}×I{i}) "))}
                    <span data-testid="appetite-verdict">{verdict}</span>
                </p>
                {explained
                    .map(|text| {
                        view! {
                            <p class="hint" data-testid="level-basis">
                                {text}
                                {switch}
                            </p>
                        }
                    })}
                {existing}
                {(!stands)
                    .then(|| {
                        view! {
                            // Enter in the justification accepts, as the button does.
                            <form
                                class="form-row"
                                on:submit={
                                    let accept = accept.clone();
                                    move |ev: leptos::ev::SubmitEvent| {
                                        ev.prevent_default();
                                        accept(());
                                    }
                                }
                            >
                                <label class="grow">
                                    {format!("Accept as {} — justification ", this.owner)}
                                    <crate::ui::typed::TypedInput
                                        register=register_id.clone()
                                        key=key.clone()
                                        value=Signal::stored(String::new())
                                        label=format!("the acceptance of {}", this.id)
                                        {..}
                                        data-testid="acceptance-justification"
                                    />
                                </label>
                                <button type="submit" data-testid="accept-risk">
                                    "Accept residual risk"
                                </button>
                            </form>
                            <p class="muted">
                                "The acceptance records the residual figures now, holds for a year, and is flagged as soon as the risk's analysis, treatment or controls change."
                            </p>
                        }
                    })}
                {move || {
                    error
                        .get()
                        .map(|e| {
                            view! {
                                <p class="field-error" role="alert">
                                    {e}
                                </p>
                            }
                        })
                }}
            </div>
        })
    }
}
