//! Assets: what the organisation values, with owner and C/I/A value on the impact scale.

use leptos::prelude::*;

use super::level::ScaleOptions;
use super::stale::{Stale, StaleChoice, StaleForm};
use crate::ui::drafts::{Draft, Drafts};
use crate::ui::workspace::Workspace;
use residual_engine::io::merge::{Merge, Side};
use residual_engine::io::validation;
use residual_engine::model::asset::{Asset, AssetKind};
use residual_engine::model::security_property::Cia;

/// The asset being edited: the asset as the form opened it (None for a new one), and
/// the draft. Where it is in the register is found when it is saved, by its id then.
type Editing = RwSignal<Option<(Option<Asset>, Asset)>>;

#[component]
pub fn AssetsView() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let register = workspace.register;
    let drafts = expect_context::<Drafts>();
    let problems = RwSignal::new(Vec::<String>::new());
    // The form's draft is kept in `Drafts` (a tab switch or a reload keeps it), with the
    // id of the asset it edits; here it is held with that asset's index.
    let kept = move || {
        let id = workspace.open_id.get_untracked();
        drafts.with_untracked(&id, |d| d.asset.clone()).map(|d| {
            // A draft kept before forms remembered their base: the asset as it is now.
            let base = d.base.or_else(|| {
                register.with_untracked(|r| {
                    d.editing
                        .as_ref()
                        .and_then(|e| r.assets.iter().find(|a| &a.id == e).cloned())
                })
            });
            (base, d.item)
        })
    };
    let editing: Editing = RwSignal::new(kept());
    Effect::new(move |_| {
        workspace.open_id.track();
        editing.set(kept());
    });
    Effect::new(move |_| {
        let id = workspace.open_id.get_untracked();
        let draft = editing.get().map(|(base, item)| Draft {
            editing: base.as_ref().map(|b| b.id.clone()),
            item,
            base,
            treatment: None,
            tab: String::new(),
        });
        drafts.update(&id, |d| d.asset = draft);
    });
    // A draft with changes is never replaced by opening another asset.
    let open = move |next: (Option<Asset>, Asset)| {
        let changed = editing.with_untracked(|e| {
            e.as_ref().is_some_and(|(base, item)| match base {
                Some(base) => base != item,
                None => !item.name.is_empty() || !item.owner.is_empty() || !item.description.is_empty(),
            })
        });
        let id_of = |base: &Option<Asset>| base.as_ref().map(|b| b.id.clone());
        if changed && editing.with_untracked(|e| e.as_ref().map(|(b, _)| id_of(b))) != Some(id_of(&next.0)) {
            problems.set(vec!["You are editing another asset: save or cancel it first.".into()]);
        } else if !changed {
            editing.set(Some(next));
        }
    };
    let remove = move |id: String| {
        let (id, users) = register.with_untracked(|r| {
            let users: Vec<String> = r
                .risks
                .iter()
                .filter(|x| x.assets.contains(&id))
                .map(|x| x.id.clone())
                .collect();
            (id, users)
        });
        if users.is_empty() {
            workspace.edit(|r| r.assets.retain(|a| a.id != id));
            problems.set(Vec::new());
        } else {
            problems.set(vec![format!(
                "{id} cannot be deleted: risks {} refer to it. Remove it from those risks first.",
                users.join(", ")
            )]);
        }
    };
    let form_open = Memo::new(move |_| editing.with(|e| e.is_some()));
    let open_row = Callback::new(open);
    let remove_row = Callback::new(remove);
    let rows = Memo::new(move |_| {
        register.with(|r| {
            r.assets
                .iter()
                .map(|a| (a.clone(), r.risks.iter().filter(|x| x.assets.contains(&a.id)).count()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="view assets">
            <div class="view-head">
                <div>
                    <h2>"Assets"</h2>
                    <p class="meta">"Values are levels of the impact scale, per security property."</p>
                </div>
                <div class="actions">
                    <button
                        data-testid="add-asset"
                        on:click=move |_| {
                            let id = register.with_untracked(|r| r.next_asset_id());
                            open((
                                None,
                                Asset {
                                    id,
                                    name: String::new(),
                                    kind: AssetKind::Information,
                                    owner: String::new(),
                                    description: String::new(),
                                    value: Cia::default(),
                                },
                            ));
                        }
                    >
                        "Add asset"
                    </button>
                </div>
            </div>
            {move || {
                (!problems.with(Vec::is_empty))
                    .then(|| {
                        view! {
                            <div class="error" role="alert" data-testid="asset-problems">
                                <ul>{problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                            </div>
                        }
                    })
            }}
            // Keyed on whether a form is open, not on its content: redrawing it at each
            // keystroke would take the focus back to its first field.
            {move || form_open.get().then(|| view! { <AssetForm editing=editing problems=problems /> })}
            <table class="risks">
                <thead>
                    <tr>
                        <th>"Id"</th>
                        <th>"Asset"</th>
                        <th>"Type"</th>
                        <th>"Owner"</th>
                        <th>"C"</th>
                        <th>"I"</th>
                        <th>"A"</th>
                        <th>"Risks"</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    // Keyed by the asset and its count of risks: a change redraws its row only.
                    <For each=move || rows.get() key=|row| row.clone() let:row>
                        <AssetRow asset=row.0 risks=row.1 open=open_row remove=remove_row />
                    </For>
                </tbody>
            </table>
        </section>
    }
}

/// One asset's row: its values, how many risks name it, and its actions.
#[component]
fn AssetRow(
    asset: Asset,
    risks: usize,
    open: Callback<(Option<Asset>, Asset)>,
    remove: Callback<String>,
) -> impl IntoView {
    let show = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_else(|| "–".into());
    let (edit, id) = (asset.clone(), asset.id.clone());
    view! {
        <tr data-testid="asset-row">
            <td class="id">{asset.id.clone()}</td>
            <td>{asset.name.clone()}</td>
            <td>{asset.kind.label()}</td>
            <td>{asset.owner.clone()}</td>
            <td class="num">{show(asset.value.confidentiality)}</td>
            <td class="num">{show(asset.value.integrity)}</td>
            <td class="num">{show(asset.value.availability)}</td>
            <td class="num">{risks}</td>
            <td class="row-actions">
                <button class="link" on:click=move |_| open.run((Some(edit.clone()), edit.clone()))>
                    "Edit"
                </button>
                <button class="link danger" on:click=move |_| remove.run(id.clone())>
                    "Delete"
                </button>
            </td>
        </tr>
    }
}

/// The asset form: a draft, checked against the register before it is saved; a changed
/// id is renamed in the risks that name the asset.
#[component]
fn AssetForm(editing: Editing, problems: RwSignal<Vec<String>>) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let register = workspace.register;
    // What became of the asset since the form opened it (saved elsewhere, deleted): the
    // save waits for the user's choice.
    let stale: RwSignal<Option<Stale>> = RwSignal::new(None);
    let put = move |mut draft: Asset, restore: bool| -> bool {
        let base = editing.with_untracked(|e| e.as_ref().and_then(|(b, _)| b.clone()));
        let index = if restore {
            None
        } else {
            base.and_then(|b| register.with_untracked(|r| r.assets.iter().position(|a| a.id == b.id)))
        };
        // "A-002 " would look like A-002 in every list: ids are kept without outer spaces.
        draft.id = draft.id.trim().to_string();
        let found: Vec<String> = register.with_untracked(|r| {
            // In the analyst's words: this asset's own field, or another item by name
            // (a duplicate id is reported at the asset that already had it).
            validation::check_item(r, "assets", |r| r.put_asset(index, draft.clone()))
                .into_iter()
                .map(|(f, m)| {
                    let place = if f.starts_with("$.") {
                        residual_engine::io::field_label::place(r, &f)
                    } else {
                        residual_engine::io::field_label::field_label(&f)
                    };
                    format!("{place}: {m}")
                })
                .collect()
        });
        if !found.is_empty() {
            problems.set(found);
            return false;
        }
        // A changed id is renamed in the risks that name the asset.
        match workspace.try_edit(|r| {
            r.put_asset(index, draft);
        }) {
            Ok(()) => {
                // Kept (not shown) until the register is in storage: a failed save loses
                // nothing on a reload.
                let id = workspace.open_id.get_untracked();
                let drafts = expect_context::<Drafts>();
                drafts.update(&id, |d| d.saved_asset = d.asset.clone());
                editing.set(None);
                problems.set(Vec::new());
                true
            }
            Err(refused) => {
                // Each named in the analyst's words: the asset and its field.
                problems.set(register.with_untracked(|r| {
                    refused
                        .iter()
                        .map(|p| format!("{}: {}", residual_engine::io::field_label::place(r, &p.path), p.message))
                        .collect()
                }));
                false
            }
        }
    };
    let save = move |_| {
        let Some((base, draft)) = editing.get_untracked() else {
            return;
        };
        if let Some(base) = base {
            match register.with_untracked(|r| r.assets.iter().find(|a| a.id == base.id).cloned()) {
                None => return stale.set(Some(Stale::Deleted)),
                Some(now) if now != base => return stale.set(Some(Stale::Changed(Merge::of(&base, &draft, &now)))),
                Some(_) => {}
            }
        }
        put(draft, false);
    };
    let choose = Callback::new(move |choice: StaleChoice| {
        let Some((_, draft)) = editing.get_untracked() else {
            return;
        };
        match choice {
            StaleChoice::Discard => {
                editing.set(None);
                problems.set(Vec::new());
            }
            StaleChoice::KeepMine => {
                put(draft, false);
            }
            StaleChoice::Restore => {
                put(draft, true);
            }
            StaleChoice::Merged(mine) => {
                if let Some(Stale::Changed(merge)) = stale.get_untracked() {
                    match merge.resolve::<Asset>(|path| if mine.contains(path) { Side::Mine } else { Side::Theirs }) {
                        Ok(merged) => {
                            put(merged, false);
                        }
                        Err(why) => problems.set(vec![format!("The versions could not be merged: {why}")]),
                    }
                }
            }
        }
        stale.set(None);
    });
    let value_select = move |label: &'static str,
                             get: fn(&Cia<Option<u8>>) -> Option<u8>,
                             set: fn(&mut Cia<Option<u8>>, Option<u8>)| {
        view! {
            <label class="field">
                <span>{label}</span>
                <select
                    prop:value=move || {
                        editing
                            .with(|e| {
                                e.as_ref().and_then(|(_, a)| get(&a.value)).map(|v| v.to_string()).unwrap_or_default()
                            })
                    }
                    on:change=move |ev| {
                        let v = event_target_value(&ev).parse().ok();
                        editing
                            .update(|e| {
                                if let Some((_, a)) = e {
                                    set(&mut a.value, v)
                                }
                            });
                    }
                >
                    <option value="">"not rated"</option>
                    <ScaleOptions likelihood=false />
                </select>
            </label>
        }
    };
    let text =
        move |label: &'static str, testid: &'static str, get: fn(&Asset) -> String, set: fn(&mut Asset, String)| {
            view! {
                <label class="field">
                    <span>{label}</span>
                    <input
                        type="text"
                        data-testid=testid
                        prop:value=move || editing.with(|e| e.as_ref().map(|(_, a)| get(a)).unwrap_or_default())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            editing
                                .update(|e| {
                                    if let Some((_, a)) = e {
                                        set(a, v)
                                    }
                                });
                        }
                    />
                </label>
            }
        };
    // Brought into view, first field focused, when it opens and when another asset is chosen.
    let form = NodeRef::<leptos::html::Form>::new();
    let target = Memo::new(move |_| editing.with(|e| e.as_ref().map(|(b, _)| b.as_ref().map(|b| b.id.clone()))));
    Effect::new(move |_| {
        target.track();
        if let Some(form) = form.get() {
            super::risk_form::bring_into_view(&form);
        }
    });
    view! {
        <form
            class="risk-form"
            data-testid="asset-form"
            node_ref=form
            on:submit=move |ev| {
                ev.prevent_default();
                save(());
            }
        >
            <div class="grid">
                {text("Id", "asset-id", |a| a.id.clone(), |a, v| a.id = v)}
                {text("Name", "asset-name", |a| a.name.clone(), |a, v| a.name = v)}
                {text("Owner", "asset-owner", |a| a.owner.clone(), |a, v| a.owner = v)} <label class="field">
                    <span>"Type"</span>
                    <select
                        prop:value=move || editing.with(|e| e.as_ref().map(|(_, a)| a.kind.as_str()).unwrap_or(""))
                        on:change=move |ev| {
                            if let Some(kind) = AssetKind::parse(&event_target_value(&ev)) {
                                editing
                                    .update(|e| {
                                        if let Some((_, a)) = e {
                                            a.kind = kind;
                                        }
                                    });
                            }
                        }
                    >
                        {AssetKind::ALL
                            .into_iter()
                            .map(|k| view! { <option value=k.as_str()>{k.label()}</option> })
                            .collect_view()}
                    </select>
                </label> {value_select("Confidentiality value", |c| c.confidentiality, |c, v| c.confidentiality = v)}
                {value_select("Integrity value", |c| c.integrity, |c, v| c.integrity = v)}
                {value_select("Availability value", |c| c.availability, |c, v| c.availability = v)}
                {text("Description", "asset-description", |a| a.description.clone(), |a, v| a.description = v)}
            </div>
            <div class="actions">
                <button type="submit" data-testid="save-asset">
                    "Save asset"
                </button>
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| {
                        editing.set(None);
                        problems.set(Vec::new());
                    }
                >
                    "Cancel"
                </button>
            </div>
            {move || {
                stale
                    .get()
                    .map(|found| {
                        let item = editing
                            .with_untracked(|e| e.as_ref().map(|(_, a)| a.id.clone()).unwrap_or_default());
                        view! { <StaleForm item=item found=found choose=choose /> }
                    })
            }}
        </form>
    }
}
