//! The risk detail form. It edits a draft; Save checks the draft in the context of the
//! whole register with the engine's validation, and shows each problem beside the field
//! it names. The register only ever receives a valid risk.

use leptos::prelude::*;

use super::level::ScaleOptions;
use super::stale::{Stale, StaleChoice, StaleForm};
use crate::ui::drafts::Drafts;
use crate::ui::workspace::Workspace;
use residual_engine::assess::scoring::Scoring;
use residual_engine::io::field_label::field_label;
use residual_engine::io::merge::{Merge, Side};
use residual_engine::io::validation;
use residual_engine::model::criteria::ImpactMode;
use residual_engine::model::register::Register;
use residual_engine::model::risk::{Impact, Risk, RiskStatus};
use residual_engine::model::security_property::{Cia, SecurityProperty};
use residual_engine::model::treatment::Treatment;

/// Problems of `draft` placed at `index` of the register, keyed by the form field
/// they concern ("title", "likelihood", "impact.availability", …).
fn field_problems(register: &Register, index: Option<usize>, draft: &Risk) -> Vec<(String, String)> {
    validation::check_item(register, "risks", |r| r.put_risk(index, draft.clone()))
        .into_iter()
        .map(|(path, message)| {
            let field = path.trim_start_matches("assessment.");
            (field.split('[').next().unwrap_or(field).to_string(), message)
        })
        .collect()
}

/// The draft key prefix of the risk form's own single fields (its FAIR parameters).
pub const RISK_FORM_FIELDS: &str = "risk-form/";

/// A form's problems, keyed by the field they concern.
type Problems = RwSignal<Vec<(String, String)>>;

/// The problems shown (those of the last refused save) and those the draft has now. A
/// shown problem stays in place, marked fixed, until the next save: nothing moves under
/// the pointer on its way to the Save button.
#[derive(Clone, Copy)]
struct Shown {
    problems: Problems,
    now: Memo<Vec<(String, String)>>,
}

impl Shown {
    /// A problem of the draft that the draft no longer has. One of the register as a
    /// whole (`$`: open read-only, say) is not the draft's to fix, so it never is.
    fn fixed(&self, problem: &(String, String)) -> bool {
        problem.0 != "$" && !self.now.with(|now| now.contains(problem))
    }
}

/// The form for a risk of the open register: `editing` is the id of the risk it edits
/// (`None` for a new one). The draft lives in [`Drafts`], so a tab switch or a reload
/// keeps it; Save or Cancel ends it. `summon` brings the form into view and focuses its
/// first field each time it changes.
#[component]
pub fn RiskForm(editing: Option<String>, summon: RwSignal<u32>) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let drafts = expect_context::<Drafts>();
    let register = workspace.register;
    let register_id = workspace.open_id.get_untracked();
    let initial = drafts
        .with_untracked(&register_id, |d| d.risk.as_ref().map(|d| d.item.clone()))
        .unwrap_or_else(|| register.with_untracked(|r| Risk::blank(r.next_risk_id())));
    let draft = RwSignal::new(initial);
    {
        let (register_id, editing) = (register_id.clone(), editing.clone());
        Effect::new(move |_| {
            let item = draft.get();
            let editing = editing.clone();
            drafts.update(&register_id, |d| {
                if let Some(risk) = d.risk.as_mut() {
                    risk.editing = editing;
                    risk.item = item;
                }
            });
        });
    }
    // Where the risk is now (the register may have changed since the form opened).
    let index = {
        let editing = editing.clone();
        move || {
            let id = editing.as_deref()?;
            register.with_untracked(|r| r.risks.iter().position(|x| x.id == id))
        }
    };
    let problems: Problems = RwSignal::new(Vec::new());
    // FAIR values typed that will not read (the draft keeps the last good value): Save
    // refuses while there are any, so a typo never passes as the old value.
    let typos: Problems = RwSignal::new(Vec::new());
    // A likelihood chosen before its impact (the score is set when both are).
    let pending = RwSignal::new(None::<u8>);
    let half_score = move |d: &Risk| {
        (pending.get().is_some() && d.assessment.is_none()).then(|| {
            (
                "impact".to_string(),
                "choose a level: a score has a likelihood and an impact".to_string(),
            )
        })
    };
    let now = {
        let index = index.clone();
        Memo::new(move |_| {
            let candidate = draft.get();
            let unread = typos.get();
            if problems.with(Vec::is_empty) {
                return Vec::new();
            }
            let mut found = register.with_untracked(|r| field_problems(r, index(), &candidate));
            found.extend(unread);
            found.extend(half_score(&candidate));
            found
        })
    };
    let shown = Shown { problems, now };
    let text_input =
        move |field: &'static str, label: &'static str, get: fn(&Risk) -> String, set: fn(&mut Risk, String)| {
            view! {
                <label class="field">
                    <span>{label}</span>
                    <input
                        type="text"
                        name=field
                        id=format!("risk-{field}")
                        data-testid=format!("risk-{field}")
                        aria-describedby=format!("risk-{field}-error")
                        aria-invalid=move || {
                            shown.problems.with(|ps| ps.iter().any(|p| p.0 == field && !shown.fixed(p))).to_string()
                        }
                        prop:value=move || draft.with(get)
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            draft.update(|d| set(d, value));
                        }
                    />
                    <FieldErrors shown=shown field=field />
                </label>
            }
        };
    let close = {
        let register_id = register_id.clone();
        move || {
            drafts.update(&register_id, |d| {
                d.risk = None;
                d.fields.retain(|key, _| !key.starts_with(RISK_FORM_FIELDS));
            })
        }
    };
    // The form's risk is in the register: its draft is kept (not shown) until the
    // register is in storage, so a failed save loses nothing on a reload.
    let saved = {
        let register_id = register_id.clone();
        move || {
            drafts.update(&register_id, |d| {
                d.saved_risk = d.risk.take();
                d.fields.retain(|key, _| !key.starts_with(RISK_FORM_FIELDS));
            })
        }
    };
    // Puts a risk in the register (where the edited one is now, or added): the form's
    // checks, then the workspace's; a refusal keeps the form open with its problems.
    let put = {
        let index = index.clone();
        move |mut candidate: Risk, restore: Option<Option<Treatment>>| -> bool {
            // "R-002 " would look like R-002 in every list: ids are kept without outer spaces.
            candidate.id = candidate.id.trim().to_string();
            let at = if restore.is_some() { None } else { index() };
            let mut found = register.with_untracked(|r| field_problems(r, at, &candidate));
            found.extend(typos.get_untracked());
            found.extend(untrack(|| half_score(&candidate)));
            if !found.is_empty() {
                problems.set(found);
                return false;
            }
            // The same checks again, in the workspace: a refused edit keeps the form open.
            if let Err(refused) = workspace.try_edit(|r| match restore {
                Some(treatment) => {
                    r.restore_risk(candidate, treatment);
                }
                None => {
                    r.put_risk(at, candidate);
                }
            }) {
                problems.set(refused.into_iter().map(|p| (p.path, p.message)).collect());
                return false;
            }
            true
        }
    };
    // What became of the risk since the form opened it: saved again elsewhere (another
    // tab, another view) or deleted. The save then waits for the user's choice.
    let stale: RwSignal<Option<Stale>> = RwSignal::new(None);
    let check_stale = {
        let (editing, register_id) = (editing.clone(), register_id.clone());
        move || -> Option<Stale> {
            let id = editing.as_ref()?;
            let base = drafts.with_untracked(&register_id, |d| d.risk.as_ref().and_then(|r| r.base.clone()))?;
            match register.with_untracked(|r| r.risks.iter().find(|x| &x.id == id).cloned()) {
                None => Some(Stale::Deleted),
                Some(now) if now != base => Some(Stale::Changed(Merge::of(&base, &draft.get_untracked(), &now))),
                Some(_) => None,
            }
        }
    };
    let save = {
        let (saved, put) = (saved.clone(), put.clone());
        move |_| {
            if let Some(found) = check_stale() {
                stale.set(Some(found));
                return;
            }
            if put(draft.get_untracked(), None) {
                saved();
            }
        }
    };
    let choose = {
        let (close, saved, put, register_id) = (close.clone(), saved.clone(), put.clone(), register_id.clone());
        Callback::new(move |choice: StaleChoice| {
            let discard = matches!(choice, StaleChoice::Discard);
            let done = match choice {
                StaleChoice::Discard => true,
                StaleChoice::KeepMine => put(draft.get_untracked(), None),
                StaleChoice::Restore => {
                    let treatment =
                        drafts.with_untracked(&register_id, |d| d.risk.as_ref().and_then(|r| r.treatment.clone()));
                    put(draft.get_untracked(), Some(treatment))
                }
                StaleChoice::Merged(mine) => match stale.get_untracked() {
                    Some(Stale::Changed(merge)) => match merge
                        .resolve::<Risk>(|path| if mine.contains(path) { Side::Mine } else { Side::Theirs })
                    {
                        Ok(merged) => {
                            draft.set(merged.clone());
                            put(merged, None)
                        }
                        Err(why) => {
                            problems.set(vec![("".into(), format!("the versions could not be merged: {why}"))]);
                            false
                        }
                    },
                    _ => false,
                },
            };
            stale.set(None);
            match (done, discard) {
                (true, true) => close(),
                (true, false) => saved(),
                _ => {}
            }
        })
    };
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        summon.track();
        if let Some(form) = form.get() {
            bring_into_view(&form);
        }
    });
    let heading = {
        let editing = editing.clone();
        move || match &editing {
            Some(_) => format!("Edit {}", draft.with(|d| d.id.clone())),
            None => "New risk".into(),
        }
    };
    let is_edit = editing.is_some();
    view! {
        <form
            class="risk-form"
            data-testid="risk-form"
            node_ref=form
            on:submit=move |ev| {
                ev.prevent_default();
                save(());
            }
            aria-label=if is_edit { "Edit risk" } else { "New risk" }
        >
            <h3>{heading}</h3>
            <p class="hint draft-note">
                "A draft: it is kept if you switch tabs or reload, until you save or cancel it."
            </p>
            <div class="grid">
                {text_input("id", "Id", |d| d.id.clone(), |d, v| d.id = v)}
                {text_input("title", "Title", |d| d.title.clone(), |d, v| d.title = v)}
                {text_input("owner", "Risk owner", |d| d.owner.clone(), |d, v| d.owner = v)}
                {text_input("category", "Category", |d| d.category.clone(), |d, v| d.category = v)}
                {text_input("threat", "Threat", |d| d.threat.clone(), |d, v| d.threat = v)}
                {text_input("vulnerability", "Vulnerability", |d| d.vulnerability.clone(), |d, v| d.vulnerability = v)}
                <ScoreFields draft=draft shown=shown pending=pending /> <label class="field">
                    <span>"Status"</span>
                    <select
                        data-testid="risk-status"
                        prop:value=move || draft.with(|d| d.status.as_str().to_string())
                        on:change=move |ev| {
                            if let Some(s) = RiskStatus::parse(&event_target_value(&ev)) {
                                draft.update(|d| d.status = s);
                            }
                        }
                    >
                        // "Accepted" follows from the owner's recorded acceptance (Treatment).
                        {RiskStatus::ALL
                            .iter()
                            .map(|s| {
                                let accepted = *s == RiskStatus::Accepted;
                                let recorded = move || {
                                    draft
                                        .with(|d| {
                                            register
                                                .with(|r| {
                                                    r.treatments
                                                        .iter()
                                                        .any(|t| t.risk == d.id && t.acceptance.is_some())
                                                })
                                        })
                                };
                                view! {
                                    <option value=s.as_str() disabled=move || accepted && !recorded()>
                                        {if accepted { "accepted (recorded in Treatment)" } else { s.label() }}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label> <label class="field">
                    <span>"Next review"</span>
                    <input
                        type="date"
                        data-testid="risk-review_date"
                        id="risk-review_date"
                        aria-describedby="risk-review_date-error"
                        prop:value=move || draft.with(|d| d.review_date.clone().unwrap_or_default())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            draft.update(|d| d.review_date = (!v.is_empty()).then_some(v));
                        }
                    />
                    <FieldErrors shown=shown field="review_date" />
                </label>
            </div>
            <Affects draft=draft />
            <AssetChoices draft=draft shown=shown />
            <label class="field wide">
                <span>"Description"</span>
                <textarea
                    data-testid="risk-description"
                    prop:value=move || draft.with(|d| d.description.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|d| d.description = v);
                    }
                ></textarea>
            </label>
            <label class="field wide">
                <span>"Notes"</span>
                <textarea
                    data-testid="risk-notes"
                    prop:value=move || draft.with(|d| d.notes.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|d| d.notes = v);
                    }
                ></textarea>
            </label>
            <super::fair_form::FairFields draft=draft problems=problems typos=typos now=now />
            <div class="actions">
                <button type="submit" data-testid="save-risk">
                    "Save risk"
                </button>
                <button type="button" class="secondary" data-testid="cancel-risk" on:click=move |_| close()>
                    "Cancel"
                </button>
            </div>
            <FormProblems shown=shown />
            {move || {
                stale
                    .get()
                    .map(|found| {
                        view! { <StaleForm item=draft.with_untracked(|d| d.id.clone()) found=found choose=choose /> }
                    })
            }}
        </form>
    }
}

/// Scrolls a form into view and puts the focus in its first field.
pub fn bring_into_view(form: &web_sys::HtmlElement) {
    use wasm_bindgen::JsCast;
    form.scroll_into_view();
    if let Some(field) = form
        .query_selector("input, select, textarea")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = field.focus();
    }
}

/// Likelihood and impact: one impact, or one per security property, as the criteria
/// say. Setting a score stamps it with the criteria version it was given under.
#[component]
fn ScoreFields(draft: RwSignal<Risk>, shown: Shown, pending: RwSignal<Option<u8>>) -> impl IntoView {
    let register = expect_context::<Workspace>().register;
    // The rules of scoring (a likelihood waits for its impact; a FAIR model the anchors
    // gave follows the score) are the engine's: `assess::scoring`.
    let score = move |change: &dyn Fn(&mut Scoring)| {
        let mut waiting = pending.get_untracked();
        draft.update(|d| {
            register.with_untracked(|r| {
                change(&mut Scoring {
                    risk: d,
                    waiting: &mut waiting,
                    criteria: &r.criteria,
                })
            })
        });
        pending.set(waiting);
    };
    let set_likelihood = move |value: String| {
        let level = value.parse::<u8>().ok();
        score(&|s: &mut Scoring| s.set_likelihood(level));
    };
    let set_impact = move |property: Option<SecurityProperty>, value: String| {
        let level = value.parse::<u8>().ok();
        score(&|s: &mut Scoring| s.set_impact(property, level));
    };
    let impact_fields = move || {
        let mode = register.with(|r| r.criteria.impact_mode);
        let scored = draft.with(|d| d.assessment.is_some()) || pending.get().is_some();
        match mode {
            ImpactMode::Overall => view! {
                <label class="field">
                    <span>"Impact"</span>
                    <select
                        data-testid="risk-impact"
                        disabled=!scored
                        title=(!scored).then_some("Choose a likelihood first: a score has both")
                        aria-invalid=move || pending.get().is_some().to_string()
                        prop:value=move || {
                            draft
                                .with(|d| {
                                    d.assessment
                                        .as_ref()
                                        .and_then(|a| a.impact.overall())
                                        .map(|i| i.to_string())
                                        .unwrap_or_default()
                                })
                        }
                        on:change=move |ev| set_impact(None, event_target_value(&ev))
                    >
                        <option value="" disabled=true>
                            "— choose —"
                        </option>
                        <ScaleOptions likelihood=false />
                    </select>
                    <FieldErrors shown=shown field="impact" />
                </label>
            }
            .into_any(),
            ImpactMode::PerProperty => SecurityProperty::ALL
                .into_iter()
                .map(|p| {
                    view! {
                        <label class="field">
                            <span>{format!("Impact on {}", p.as_str())}</span>
                            <select
                                data-testid=format!("risk-impact-{}", p.as_str())
                                disabled=!scored
                                prop:value=move || {
                                    draft
                                        .with(|d| match d.assessment.as_ref().map(|a| &a.impact) {
                                            Some(Impact::PerProperty(cia)) => {
                                                cia.get(p).map(|v| v.to_string()).unwrap_or_default()
                                            }
                                            _ => String::new(),
                                        })
                                }
                                on:change=move |ev| set_impact(Some(p), event_target_value(&ev))
                            >
                                <option value="">"not affected"</option>
                                <ScaleOptions likelihood=false />
                            </select>
                        </label>
                    }
                })
                .collect_view()
                .into_any(),
        }
    };
    view! {
        <label class="field">
            <span>"Likelihood"</span>
            <select
                data-testid="risk-likelihood"
                prop:value=move || {
                    draft
                        .with(|d| d.assessment.as_ref().map(|a| a.likelihood))
                        .or(pending.get())
                        .map(|l| l.to_string())
                        .unwrap_or_default()
                }
                on:change=move |ev| set_likelihood(event_target_value(&ev))
            >
                <option value="">"not scored"</option>
                <ScaleOptions likelihood=true />
            </select>
            <FieldErrors shown=shown field="likelihood" />
        </label>
        {impact_fields}
    }
}

/// Which security properties the risk affects.
#[component]
fn Affects(draft: RwSignal<Risk>) -> impl IntoView {
    let affects = move |name: &'static str, get: fn(&Cia<bool>) -> bool, set: fn(&mut Cia<bool>, bool)| {
        view! {
            <label class="check">
                <input
                    type="checkbox"
                    data-testid=format!("risk-affects-{name}")
                    prop:checked=move || draft.with(|d| get(&d.affects))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        draft.update(|d| set(&mut d.affects, on));
                    }
                />
                {name}
            </label>
        }
    };
    view! {
        <fieldset class="affects">
            <legend>"Affects"</legend>
            {affects("confidentiality", |c| c.confidentiality, |c, v| c.confidentiality = v)}
            {affects("integrity", |c| c.integrity, |c, v| c.integrity = v)}
            {affects("availability", |c| c.availability, |c, v| c.availability = v)}
        </fieldset>
    }
}

/// The assets the risk concerns, one checkbox each.
#[component]
fn AssetChoices(draft: RwSignal<Risk>, shown: Shown) -> impl IntoView {
    let register = expect_context::<Workspace>().register;
    view! {
        <fieldset class="assets">
            <legend>"Assets"</legend>
            {move || {
                register
                    .with(|r| {
                        r.assets
                            .iter()
                            .map(|a| {
                                let id = a.id.clone();
                                let id2 = a.id.clone();
                                view! {
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            prop:checked=move || draft.with(|d| d.assets.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let id = id2.clone();
                                                draft
                                                    .update(|d| {
                                                        d.assets.retain(|x| *x != id);
                                                        if on {
                                                            d.assets.push(id);
                                                        }
                                                    });
                                            }
                                        />
                                        {format!("{} {}", a.id, a.name)}
                                    </label>
                                }
                            })
                            .collect_view()
                    })
            }}
            <FieldErrors shown=shown field="assets" />
        </fieldset>
    }
}

/// The problems of one field (and of its parts, "impact.availability"), beside it, in
/// words; a fixed one stays, struck through, until the next save.
#[component]
fn FieldErrors(shown: Shown, field: &'static str) -> impl IntoView {
    view! {
        <span class="field-errors" id=format!("risk-{field}-error")>
            {move || {
                shown
                    .problems
                    .with(|ps| {
                        ps.iter()
                            .filter(|(f, _)| f == field || f.starts_with(&format!("{field}.")))
                            .map(|p| {
                                let fixed = shown.fixed(p);
                                let text = if p.0 == field {
                                    p.1.clone()
                                } else {
                                    format!("{}: {}", field_label(&p.0), p.1)
                                };
                                view! {
                                    <span class="field-error" class:fixed=fixed data-field=p.0.clone()>
                                        {text}
                                    </span>
                                }
                            })
                            .collect_view()
                    })
            }}
        </span>
    }
}

/// Every problem of a refused save, listed below the buttons (so that the buttons never
/// move), each named by its label; fixed ones are marked until the next save.
#[component]
fn FormProblems(shown: Shown) -> impl IntoView {
    move || {
        (!shown.problems.with(Vec::is_empty)).then(|| {
            view! {
                <div class="error" role="alert" data-testid="form-problems">
                    <p>
                        {move || {
                            let left = shown.problems.with(|ps| ps.iter().filter(|p| !shown.fixed(p)).count());
                            let total = shown.problems.with(Vec::len);
                            if left == 0 {
                                format!("All {} fixed: save again.", super::count(total, "problem"))
                            } else {
                                format!("Not saved: {} to fix.", super::count(left, "problem"))
                            }
                        }}
                    </p>
                    <ul>
                        {move || {
                            shown
                                .problems
                                .get()
                                .into_iter()
                                .map(|p| {
                                    let fixed = shown.fixed(&p);
                                    view! { <li class:fixed=fixed>{format!("{}: {}", field_label(&p.0), p.1)}</li> }
                                })
                                .collect_view()
                        }}
                    </ul>
                </div>
            }
        })
    }
}
