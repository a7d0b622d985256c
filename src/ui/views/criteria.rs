//! The risk criteria view: the editor on a draft, then a preview of how every scored
//! risk would be remapped, then (only on confirmation) the change.

use leptos::prelude::*;

use super::criteria_editor::CriteriaEditor;
use super::level::LevelBadge;
use crate::ui::drafts::Drafts;
use crate::ui::workspace::Workspace;
use residual_engine::assess::criteria_change::{RemapPreview, apply_criteria, preview_criteria};
use residual_engine::exchange::ciso_assistant::matrix::criteria_from_library;
use residual_engine::model::criteria::RiskCriteria;
use residual_engine::model::risk::Impact;

#[component]
pub fn CriteriaView() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let register = workspace.register;
    let drafts = expect_context::<Drafts>();
    // The draft: a change not applied yet is kept in `Drafts` (a tab switch or a reload
    // keeps it); otherwise it is what is in force. Opening another register takes that
    // register's draft; applying or discarding ends the draft.
    let in_force = Memo::new(move |_| register.with(|r| r.criteria.clone()));
    let kept_or_in_force = move |criteria: RiskCriteria| {
        let id = workspace.open_id.get_untracked();
        let kept = drafts.with_untracked(&id, |d| d.criteria.clone());
        kept.filter(|k| !k.same_rules_as(&criteria)).unwrap_or(criteria)
    };
    let draft = RwSignal::new(kept_or_in_force(register.get_untracked().criteria));
    // The criteria in force changed (applied here or in another tab): the draft follows,
    // unless it is a change of its own. Not on the first run: the draft was just read,
    // and text typed before a reload may already have been taken into it.
    Effect::new(move |first: Option<()>| {
        let criteria = in_force.get();
        if first.is_some() {
            draft.set(kept_or_in_force(criteria));
        }
    });
    Effect::new(move |_| {
        let changed = draft.with(|d| (!in_force.with_untracked(|f| f.same_rules_as(d))).then(|| d.clone()));
        let id = workspace.open_id.get_untracked();
        drafts.update(&id, |d| d.criteria = changed);
    });
    let reviewing = RwSignal::new(false);
    let unchanged = move || register.with(|r| draft.with(|d| r.criteria.same_rules_as(d)));
    let problems = move || {
        let mut found = Vec::new();
        draft.with(|d| d.check("$.criteria", &mut found));
        found
    };
    // Text typed in the editor that does not read (an amount of "-250k") keeps the draft
    // at its last good value: reviewing or applying now would take that value silently.
    let unread = move || {
        let id = workspace.open_id.get();
        drafts.with(&id, |d| {
            d.fields
                .iter()
                .filter(|(key, f)| key.starts_with(super::criteria_editor::CRITERIA_FIELDS) && f.refused.is_some())
                .count()
        })
    };

    // The draft began from criteria that were changed since (applied in another tab or
    // view): applying it would silently undo that change, so the user chooses first.
    let stale = move || {
        let (theirs, mine) = (register.with(|r| r.criteria.version), draft.with(|d| d.version));
        (mine != theirs && !unchanged()).then_some((mine, theirs))
    };
    // A CISO Assistant risk-matrix library as the draft: reviewed and remapped like any
    // change. Offered only while there is no change of the user's own to replace.
    let library_notes = RwSignal::new(Vec::<String>::new());
    let library_problems = RwSignal::new(Vec::<String>::new());
    let use_library = move |text: String| {
        let current = register.with_untracked(|r| r.criteria.clone());
        match criteria_from_library(&current, &text) {
            Ok((criteria, notes)) => {
                library_problems.set(Vec::new());
                library_notes.set(notes);
                reviewing.set(false);
                draft.set(criteria);
            }
            Err(problems) => {
                library_notes.set(Vec::new());
                library_problems.set(problems.iter().map(|p| format!("{}: {}", p.path, p.message)).collect());
                // (A library's own paths: the analyst finds the place in that file.)
            }
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        let Some(file) = input.as_ref().and_then(|i| i.files()).and_then(|f| f.get(0)) else {
            return;
        };
        if let Some(input) = input {
            input.set_value("");
        }
        if file.size() > 5e6 {
            library_problems.set(vec![format!(
                "{}: {:.1} MB is too large for a risk-matrix library (at most 5 MB)",
                file.name(),
                file.size() / 1e6
            )]);
            return;
        }
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
            {
                Some(text) => use_library(text),
                None => library_problems.set(vec![format!("{}: could not be read as text", file.name())]),
            }
        });
    };
    let discard = move || {
        drafts.clear_fields(
            &workspace.open_id.get_untracked(),
            super::criteria_editor::CRITERIA_FIELDS,
        );
        draft.set(register.with_untracked(|r| r.criteria.clone()));
        reviewing.set(false);
    };

    view! {
        <section class="view criteria">
            <div class="view-head">
                <div>
                    <h2>"Risk criteria"</h2>
                    <p class="meta">
                        {move || {
                            register
                                .with(|r| {
                                    format!(
                                        "Criteria version {} · every assessment records the version it was scored under. Changes below are a draft (kept if you leave or reload): “Review changes” shows how every scored risk would be remapped, and only “Apply” makes them the register's criteria, as version {}.",
                                        r.criteria.version,
                                        r.criteria.version + 1,
                                    )
                                })
                        }}
                    </p>
                </div>
                <div class="actions">
                    <button
                        data-testid="review-criteria"
                        disabled=move || unchanged() || !problems().is_empty() || stale().is_some() || unread() != 0
                        title=move || {
                            (unread() != 0)
                                .then(|| {
                                    format!(
                                        "{} typed here does not read yet: correct it (it is marked) before reviewing",
                                        super::count(unread(), "field"),
                                    )
                                })
                        }
                        on:click=move |_| reviewing.set(true)
                    >
                        "Review changes"
                    </button>
                    <button class="secondary" disabled=unchanged on:click=move |_| discard()>
                        "Discard changes"
                    </button>
                    <label
                        class="button secondary file-pick"
                        class:disabled=move || !unchanged()
                        title=move || {
                            if unchanged() {
                                "Scales, levels and matrix from a CISO Assistant risk-matrix library (YAML): you review how every scored risk is remapped before anything changes."
                            } else {
                                "Apply or discard your changes first: the library would replace them."
                            }
                        }
                    >
                        "Use a CISO Assistant matrix…"
                        <input
                            type="file"
                            accept=".yaml,.yml,.json,application/yaml,application/json"
                            data-testid="criteria-library"
                            disabled=move || !unchanged()
                            on:change=on_pick
                        />
                    </label>
                </div>
            </div>
            {move || {
                let problems = library_problems.get();
                (!problems.is_empty())
                    .then(|| {
                        view! {
                            <div class="error" role="alert" data-testid="criteria-library-problems">
                                <p>"This file cannot be used as criteria; nothing changed:"</p>
                                <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                            </div>
                        }
                    })
            }}
            {move || {
                let notes = library_notes.get();
                (!notes.is_empty() && !unchanged())
                    .then(|| {
                        view! {
                            <div class="banner" data-testid="criteria-library-notes">
                                <p>
                                    "The library is your draft below. Nothing changes until you review how the scored risks are remapped and apply it."
                                </p>
                                <ul>
                                    {notes
                                        .into_iter()
                                        .map(|n| view! { <li>{super::import::sentence(&n)}</li> })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                    })
            }}
            {move || {
                stale()
                    .map(|(mine, theirs)| {
                        view! {
                            <div class="banner warning" role="alert" data-testid="criteria-stale">
                                <p>
                                    {format!(
                                        "The criteria in force changed to version {theirs} (in another tab or view) since this draft began from version {mine}. Applying the draft would replace that change.",
                                    )}
                                </p>
                                <button
                                    data-testid="criteria-keep-draft"
                                    on:click=move |_| draft.update(|d| d.version = theirs)
                                >
                                    {format!("Keep my draft (to review against version {theirs})")}
                                </button>
                                " "
                                <button
                                    class="secondary"
                                    data-testid="criteria-take-theirs"
                                    on:click=move |_| discard()
                                >
                                    {format!("Discard my draft (keep version {theirs})")}
                                </button>
                            </div>
                        }
                    })
            }}
            {move || {
                let found = problems();
                (!found.is_empty())
                    .then(|| {
                        view! {
                            <div class="error" role="alert" data-testid="criteria-problems">
                                <p>"These criteria cannot be applied yet:"</p>
                                <ul>
                                    {found
                                        .into_iter()
                                        .map(|p| {
                                            let place = draft
                                                .with(|d| residual_engine::io::field_label::criteria_place(&p.path, d));
                                            view! { <li>{format!("{place}: {}", p.message)}</li> }
                                        })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                    })
            }}
            {move || {
                if reviewing.get() {
                    let preview = register.with(|r| draft.with(|d| preview_criteria(r, d)));
                    view! { <RemapReview preview=preview draft=draft reviewing=reviewing /> }.into_any()
                } else {
                    view! { <CriteriaEditor draft=draft /> }.into_any()
                }
            }}
        </section>
    }
}

fn describe(criteria: &RiskCriteria, likelihood: u8, impact: &Impact) -> String {
    let label = |scale: &[residual_engine::model::criteria::ScaleLevel], n: u8| {
        scale
            .get(usize::from(n).saturating_sub(1))
            .map(|s| s.label.clone())
            .unwrap_or_else(|| "?".into())
    };
    let impact = match impact {
        Impact::Overall(i) => format!("{i} {}", label(&criteria.impact, *i)),
        Impact::PerProperty(cia) => cia
            .as_array()
            .iter()
            .filter_map(|(p, v)| v.map(|v| format!("{}:{v}", &p[..1].to_uppercase())))
            .collect::<Vec<_>>()
            .join(" "),
    };
    format!("L{likelihood} {} × I{impact}", label(&criteria.likelihood, likelihood))
}

/// The remap preview: every scored risk whose score or level would change.
#[component]
fn RemapReview(preview: Vec<RemapPreview>, draft: RwSignal<RiskCriteria>, reviewing: RwSignal<bool>) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let drafts = expect_context::<Drafts>();
    let old = workspace.register.get_untracked().criteria;
    let new = draft.get_untracked();
    let level = |criteria: &RiskCriteria, id: &Option<String>| {
        id.as_ref()
            .and_then(|id| criteria.levels.iter().find(|l| &l.id == id))
            .cloned()
    };
    let changed: Vec<&RemapPreview> = preview
        .iter()
        .filter(|p| p.score_changed() || p.level_changed())
        .collect();
    let same = preview.len() - changed.len();
    let rows = changed
        .iter()
        .map(|p| {
            view! {
                <tr data-testid="remap-row">
                    <td class="id">{p.risk_id.clone()}</td>
                    <td>{p.title.clone()}</td>
                    <td>
                        {describe(&old, p.before.likelihood, &p.before.impact)}" "
                        <LevelBadge level=level(&old, &p.before.level) />
                    </td>
                    <td>"→"</td>
                    <td>
                        {describe(&new, p.after.likelihood, &p.after.impact)}" "
                        <LevelBadge level=level(&new, &p.after.level) />
                    </td>
                </tr>
            }
        })
        .collect_view();
    let next_version = old.version + 1;
    view! {
        <div class="remap" data-testid="remap-preview">
            <h3>"How the scored risks will be remapped"</h3>
            <p>
                {format!(
                    "{} of {} scored risks change score or level; {same} keep both. Scores move to the new scales by their quantitative anchors where both scales have them, otherwise by relative position. Nothing changes until you apply.",
                    changed.len(),
                    preview.len(),
                )}
            </p>
            <table class="risks">
                <thead>
                    <tr>
                        <th>"Id"</th>
                        <th>"Risk"</th>
                        <th>"Now"</th>
                        <th></th>
                        <th>"After"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="actions">
                <button
                    data-testid="apply-criteria"
                    on:click=move |_| {
                        let criteria = draft.get_untracked();
                        workspace.edit(|r| apply_criteria(r, criteria));
                        drafts
                            .clear_fields(&workspace.open_id.get_untracked(), super::criteria_editor::CRITERIA_FIELDS);
                        reviewing.set(false);
                    }
                >
                    {format!("Apply as criteria version {next_version}")}
                </button>
                <button class="secondary" on:click=move |_| reviewing.set(false)>
                    "Back to editing"
                </button>
            </div>
        </div>
    }
}
