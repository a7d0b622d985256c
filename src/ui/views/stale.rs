//! A form saved over an item that changed since the form opened it: what changed on
//! each side, field by field, and the choice to merge, to keep either version, or, for
//! an item deleted meanwhile, to restore it. Nothing is overwritten until the user
//! chooses.

use std::collections::BTreeSet;

use leptos::prelude::*;

use residual_engine::io::merge::{ChangedBy, Merge};

/// What became of the item since the form opened it.
#[derive(Debug, Clone)]
pub enum Stale {
    /// Saved again elsewhere: the form's edits and those, field by field.
    Changed(Merge),
    /// Deleted elsewhere.
    Deleted,
}

/// The user's choice.
#[derive(Debug, Clone)]
pub enum StaleChoice {
    /// Both sides' changes; where both changed a field, the form's for these paths.
    Merged(BTreeSet<String>),
    /// The form's version over the other.
    KeepMine,
    /// The deleted item brought back, with the form's edits.
    Restore,
    /// The form's edits dropped.
    Discard,
}

#[component]
pub fn StaleForm(
    /// The item's id, as the message names it.
    item: String,
    found: Stale,
    choose: Callback<StaleChoice>,
) -> impl IntoView {
    match found {
        Stale::Deleted => view! {
            <div class="stale banner warning" role="alert" data-testid="form-conflict">
                <p>
                    {format!(
                        "{item} was deleted (in another tab, or here) since you opened this form. Nothing has been saved.",
                    )}
                </p>
                <button type="button" data-testid="restore-item" on:click=move |_| choose.run(StaleChoice::Restore)>
                    "Restore it with my edits"
                </button>
                " "
                <button
                    type="button"
                    class="secondary"
                    data-testid="discard-edits"
                    on:click=move |_| choose.run(StaleChoice::Discard)
                >
                    "Discard my edits"
                </button>
            </div>
        }
        .into_any(),
        Stale::Changed(merge) => {
            // Where both sides changed a field, the form's value is taken unless the
            // user picks the other.
            let mine = RwSignal::new(
                merge
                    .changes
                    .iter()
                    .filter(|c| c.changed_by == ChangedBy::Both)
                    .map(|c| c.path.clone())
                    .collect::<BTreeSet<_>>(),
            );
            let clean = merge.is_clean();
            let rows = merge
                .changes
                .iter()
                .map(|c| {
                    let who = match c.changed_by {
                        ChangedBy::Me => "you",
                        ChangedBy::Them => "elsewhere",
                        ChangedBy::Both => "both",
                    };
                    let choice = (c.changed_by == ChangedBy::Both).then(|| {
                        let (path_mine, path_theirs) = (c.path.clone(), c.path.clone());
                        let group = format!("stale-{}", c.path);
                        let (path, path2) = (c.path.clone(), c.path.clone());
                        view! {
                            <label>
                                <input
                                    type="radio"
                                    name=group.clone()
                                    data-testid="field-mine"
                                    prop:checked=move || mine.with(|m| m.contains(&path))
                                    on:change=move |_| {
                                        mine.update(|m| {
                                            m.insert(path_mine.clone());
                                        })
                                    }
                                />
                                " keep yours"
                            </label>
                            " "
                            <label>
                                <input
                                    type="radio"
                                    name=group
                                    data-testid="field-theirs"
                                    prop:checked=move || mine.with(|m| !m.contains(&path2))
                                    on:change=move |_| {
                                        mine.update(|m| {
                                            m.remove(&path_theirs);
                                        })
                                    }
                                />
                                " keep theirs"
                            </label>
                        }
                    });
                    view! {
                        <tr data-field=c.path.clone() data-changed-by=who>
                            <th scope="row">{c.label.clone()}</th>
                            <td>{who}</td>
                            <td class="mine">{c.mine.clone()}</td>
                            <td class="theirs">{c.theirs.clone()}</td>
                            <td>{choice}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="stale banner warning" role="alert" data-testid="form-conflict">
                    <p>
                        {format!(
                            "{item} was changed in another tab or view since you opened this form. Nothing has been saved. {}",
                            if clean {
                                "No field was changed on both sides: the two can be merged."
                            } else {
                                "Choose, for each field changed on both sides, which value to keep."
                            },
                        )}
                    </p>
                    <table class="stale-fields">
                        <thead>
                            <tr>
                                <th>"Field"</th>
                                <th>"Changed by"</th>
                                <th>"Yours"</th>
                                <th>"Theirs (saved)"</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <button
                        type="button"
                        data-testid="save-merged"
                        on:click=move |_| choose.run(StaleChoice::Merged(mine.get_untracked()))
                    >
                        "Save merged"
                    </button>
                    " "
                    <button
                        type="button"
                        class="secondary"
                        data-testid="form-keep-mine"
                        on:click=move |_| choose.run(StaleChoice::KeepMine)
                    >
                        "Keep mine (replace theirs)"
                    </button>
                    " "
                    <button
                        type="button"
                        class="secondary"
                        data-testid="form-keep-theirs"
                        on:click=move |_| choose.run(StaleChoice::Discard)
                    >
                        "Keep theirs (discard my edits)"
                    </button>
                </div>
            }
            .into_any()
        }
    }
}
