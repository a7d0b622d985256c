//! The app shell: header with the open register's name, picker and save status, the
//! navigation, and the view chosen by the URL fragment (`#/register`, `#/criteria`, …).

use leptos::prelude::*;

use super::views;
use super::workspace::{SaveState, Workspace};

/// The views, in navigation order, with the fragment that selects each.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum View {
    Register,
    Assets,
    Criteria,
    Analysis,
    Treatment,
    Soa,
    Export,
    Report,
    Registers,
}

impl View {
    pub const ALL: [View; 9] = [
        View::Register,
        View::Assets,
        View::Criteria,
        View::Analysis,
        View::Treatment,
        View::Soa,
        View::Export,
        View::Report,
        View::Registers,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            View::Register => "register",
            View::Assets => "assets",
            View::Criteria => "criteria",
            View::Analysis => "analysis",
            View::Treatment => "treatment",
            View::Soa => "soa",
            View::Export => "export",
            View::Report => "report",
            View::Registers => "registers",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            View::Register => "Register",
            View::Assets => "Assets",
            View::Criteria => "Criteria",
            View::Analysis => "Analysis",
            View::Treatment => "Treatment",
            View::Soa => "SoA",
            View::Export => "Export",
            View::Report => "Report",
            View::Registers => "Registers",
        }
    }

    fn from_fragment(fragment: &str) -> View {
        let slug = fragment.trim_start_matches('#').trim_start_matches('/');
        View::ALL
            .into_iter()
            .find(|v| v.slug() == slug)
            .unwrap_or(View::Register)
    }
}

fn current_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    let workspace = Workspace::from_storage();
    provide_context(workspace);
    let drafts = super::drafts::Drafts::load();
    provide_context(drafts);
    // A form saved into a register whose save then failed (and the page closed) opens
    // again; one whose register is stored ends.
    for id in drafts.registers() {
        workspace.library.with_untracked(|l| {
            let register = l.registers.iter().find(|r| r.id == id);
            drafts.restore_unsaved(
                &id,
                |risk| register.is_some_and(|r| r.risks.contains(risk)),
                |asset| register.is_some_and(|r| r.assets.contains(asset)),
            );
        });
    }
    Effect::new(move |_| {
        let id = workspace.open_id.get();
        if drafts.awaits_storage(&id) && matches!(workspace.save_state.get(), SaveState::Saved) {
            drafts.saved_stored(&id);
        }
    });
    // Text typed into a register's fields and left by a reload or a crash is taken now.
    super::typed::commit_field_drafts(workspace, drafts);
    provide_context(super::simulation_runner::Runner::analysis());
    provide_context(super::simulation_runner::Runner::treatment());
    provide_context(super::simulation_runner::Runner::optimiser());
    // A share link's data is handed to the import panel, and the address becomes the
    // Registers view's: a reload does not open the link again.
    let incoming = super::share::Incoming(RwSignal::new(None));
    provide_context(incoming);
    let route = move |fragment: String| -> View {
        match super::share::data_of(&fragment) {
            Some(data) => {
                incoming.0.set(Some(data));
                let _ = window().location().replace("#/registers");
                View::Registers
            }
            None => View::from_fragment(&fragment),
        }
    };
    let view = RwSignal::new(route(current_fragment()));
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        // The same view is not drawn again: that would drop what it is doing (an import
        // being read from a share link, say).
        let next = route(current_fragment());
        if view.get_untracked() != next {
            view.set(next);
        }
    });
    // Another tab or window of this origin wrote local storage (no key: it was cleared).
    let _ = window_event_listener(leptos::ev::storage, move |event| match event.key() {
        Some(key) => workspace.storage_changed(&key),
        None => workspace.storage_cleared(),
    });
    // Pending saves are flushed when the page is hidden or left; while something is still
    // unsaved (a save failed, or waits for the user), leaving asks first.
    // Text typed into a field and not yet taken is taken first.
    let flush = move || {
        super::typed::commit_field_drafts(workspace, drafts);
        workspace.flush();
    };
    let _ = window_event_listener_untyped("visibilitychange", move |_| flush());
    let _ = window_event_listener_untyped("pagehide", move |_| flush());
    let _ = window_event_listener_untyped("beforeunload", move |event| {
        flush();
        if workspace.anything_unsaved() {
            event.prevent_default();
            let _ = js_sys::Reflect::set(&event, &"returnValue".into(), &"".into());
        }
    });
    let library = workspace.library;
    let register = workspace.register;
    // The view is drawn in the task after the shell: loading a large register and
    // drawing a large view are then two tasks, so the page can answer in between.
    let shell_drawn = RwSignal::new(false);
    set_timeout(move || shell_drawn.set(true), std::time::Duration::ZERO);

    view! {
        <header class="masthead">
            <div class="brand">"Residual"</div>
            <h1 class="register-name" data-testid="register-name">
                {move || register.with(|r| r.name.clone())}
            </h1>
            <SaveStatus />
            <label class="picker">
                <span class="visually-hidden">"Open register"</span>
                <select
                    data-testid="register-picker"
                    on:change=move |ev| workspace.open(&event_target_value(&ev))
                    prop:value=move || workspace.open_id.get()
                >
                    <For
                        each=move || {
                            library
                                .with(|l| {
                                    l.registers
                                        .iter()
                                        .map(|r| {
                                            let label = if l.showing_demo {
                                                format!("{} (demo)", r.name)
                                            } else if l.unstored.contains(&r.id) {
                                                format!("{} (read-only, not stored)", r.name)
                                            } else {
                                                r.name.clone()
                                            };
                                            (r.id.clone(), label)
                                        })
                                        .collect::<Vec<_>>()
                                })
                        }
                        key=|entry| entry.clone()
                        children=move |(id, label)| {
                            let selected = id == workspace.open_id.get_untracked();
                            view! {
                                <option value=id selected=selected>
                                    {label}
                                </option>
                            }
                        }
                    />
                </select>
            </label>
        </header>
        <nav class="views" aria-label="Views">
            {View::ALL
                .into_iter()
                .map(|v| {
                    view! {
                        <a
                            href=format!("#/{}", v.slug())
                            class:active=move || view.get() == v
                            aria-current=move || (view.get() == v).then_some("page")
                        >
                            {v.title()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
        <Show when=move || library.with(|l| l.showing_demo)>
            <p class="banner" data-testid="demo-banner">
                "This is the built-in demo register of a fictional company. Your browser holds no register of its own yet: edit it to keep a copy, or create one under Registers."
            </p>
        </Show>
        <Show when=move || library.with(|l| !l.unreadable.is_empty())>
            <views::unreadable::UnreadableEntries entries=Signal::derive(move || {
                library.with(|l| l.unreadable.clone())
            }) />
        </Show>
        <ConflictBanner />
        <Notices />
        <main>
            // Drawn again for another register: a view's fields belong to the register
            // they were drawn for. Not the Registers view, which opens registers itself
            // (an import, a copy) and keeps saying what it did.
            {move || {
                shell_drawn
                    .get()
                    .then(|| match view.get() {
                        View::Registers => views::registers::RegistersView().into_any(),
                        other => {
                            workspace.open_id.track();
                            draw(other)
                        }
                    })
            }}
        </main>
    }
}

/// The view for a fragment (all but Registers, drawn by the shell itself).
fn draw(view: View) -> AnyView {
    match view {
        View::Register => views::register::RegisterView().into_any(),
        View::Assets => views::assets::AssetsView().into_any(),
        View::Criteria => views::criteria::CriteriaView().into_any(),
        View::Analysis => views::analysis::AnalysisView().into_any(),
        View::Treatment => views::treatment::TreatmentView().into_any(),
        View::Soa => views::soa::SoaView().into_any(),
        View::Export => views::export::ExportView().into_any(),
        View::Report => views::report::ReportView().into_any(),
        View::Registers => views::registers::RegistersView().into_any(),
    }
}

/// Why the last edit was not made, and what the user must know from elsewhere.
#[component]
fn Notices() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    view! {
        {move || {
            workspace
                .refusal
                .get()
                .map(|message| {
                    view! {
                        <p class="banner warning" role="alert" data-testid="edit-refused">
                            {message}
                            " "
                            <button class="link" on:click=move |_| workspace.refusal.set(None)>
                                "Dismiss"
                            </button>
                        </p>
                    }
                })
        }}
        {move || {
            workspace
                .notice
                .get()
                .map(|message| {
                    view! {
                        <p class="banner warning" role="alert" data-testid="notice">
                            {message}
                            " "
                            <button class="link" on:click=move |_| workspace.notice.set(None)>
                                "Dismiss"
                            </button>
                        </p>
                    }
                })
        }}
    }
}

/// "Saved", "Saving…", or why saving failed, always visible in the header; and which
/// other registers have edits not saved yet.
#[component]
fn SaveStatus() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let others = move || {
        let names = workspace.others_unsaved();
        (!names.is_empty()).then(|| {
            view! {
                <span class="save-status failed" data-testid="others-unsaved">
                    {format!("Not saved yet: {}", names.join(", "))}
                </span>
            }
        })
    };
    let drafts = expect_context::<super::drafts::Drafts>();
    // Text typed into the open register's fields and not taken yet: never "Saved".
    let typing = move || {
        let id = workspace.open_id.get();
        drafts.with(&id, |d| {
            let pending: Vec<_> = d
                .fields
                .iter()
                .filter(|(key, _)| residual_engine::treat::inline_field::InlineField::from_key(key).is_some())
                .map(|(key, f)| (key.clone(), f.refused.clone()))
                .collect();
            let refused = pending.iter().find_map(|(key, why)| Some((key.clone(), why.clone()?)));
            (!pending.is_empty()).then_some(refused)
        })
    };
    let read_only = move || {
        let id = workspace.open_id.get();
        workspace.library.with(|l| l.unstored.contains(&id))
    };
    let open = move || {
        if read_only() {
            return view! {
                <span
                    class="save-status failed"
                    data-testid="save-status"
                    title="Larger than this browser's storage holds: open in this tab only"
                >
                    "Read-only: not stored in this browser"
                </span>
            }
            .into_any();
        }
        match (workspace.save_state.get(), typing()) {
            (SaveState::Saved | SaveState::Pending, Some(Some((key, why)))) => view! {
                <span class="save-status failed" data-testid="save-status" role="status">
                    {format!("Not saved: {why}")}
                </span>
                " "
                <button
                    type="button"
                    class="link on-dark"
                    data-testid="discard-typed"
                    title="Drop the text typed into that field: it shows what is saved again"
                    on:click=move |_| {
                        let id = workspace.open_id.get_untracked();
                        drafts
                            .update(
                                &id,
                                |d| {
                                    d.fields.remove(&key);
                                },
                            );
                    }
                >
                    "Discard"
                </button>
            }
            .into_any(),
            (SaveState::Saved, Some(None)) => view! {
                <span class="save-status" data-testid="save-status">
                    "Saving…"
                </span>
            }
            .into_any(),
            // The built-in demo, untouched, is in no storage: it is not "Saved".
            (SaveState::Saved, None) if workspace.library.with(|l| l.showing_demo) => view! {
                <span
                    class="save-status"
                    data-testid="save-status"
                    title="The built-in demo is not stored until you change it"
                >
                    "Demo, not stored"
                </span>
            }
            .into_any(),
            (SaveState::Saved, None) => view! {
                <span class="save-status" data-testid="save-status">
                    "Saved"
                </span>
            }
            .into_any(),
            (SaveState::Pending, _) => view! {
                <span class="save-status" data-testid="save-status">
                    "Saving…"
                </span>
            }
            .into_any(),
            (SaveState::Conflict(_), _) => view! {
                <span class="save-status failed" data-testid="save-status">
                    "Not saved: conflict"
                </span>
            }
            .into_any(),
            (SaveState::Failed(message), _) => view! {
                <span class="save-status failed" data-testid="save-status" role="alert">
                    {message}
                    " "
                    <a href="#/export">"Export now"</a>
                </span>
            }
            .into_any(),
        }
    };
    // Forms with typed work not saved yet (kept as drafts: a reload keeps them too).
    let open_drafts = move || {
        let id = workspace.open_id.get();
        let open = drafts.with(&id, |d| d.describe());
        (!open.is_empty()).then(|| {
            view! {
                <span class="save-status draft" data-testid="drafts-status">
                    {format!("Draft not saved: {}", open.join(", "))}
                </span>
            }
        })
    };
    // Other tabs' form drafts, set aside when this tab wrote over them: each can be
    // opened here.
    let set_aside = move || {
        let id = workspace.open_id.get();
        let aside = drafts.with(&id, |d| d.set_aside());
        (!aside.is_empty()).then(|| {
            let items = aside
                .into_iter()
                .map(|(form, n, name)| {
                    let id = id.clone();
                    view! {
                        " "
                        <button
                            type="button"
                            class="link"
                            data-testid="open-aside"
                            title="Open this draft here; the draft open here now is set aside in turn"
                            on:click=move |_| drafts.open_aside(&id, form, n)
                        >
                            {format!("Open {name}")}
                        </button>
                    }
                })
                .collect_view();
            view! {
                <span class="save-status draft" data-testid="drafts-aside">
                    "Also not saved, from another tab:"
                    {items}
                </span>
            }
        })
    };
    let drafts_failed = move || {
        drafts.failed.get().map(|why| {
            view! {
                <span class="save-status failed" role="status" data-testid="drafts-failed">
                    {format!("Drafts are kept in this tab only: {why}")}
                </span>
            }
        })
    };
    view! {
        {open}
        {open_drafts}
        {set_aside}
        {drafts_failed}
        {others}
    }
}

/// Shown when another tab changed the open register while this one has unsaved edits.
#[component]
fn ConflictBanner() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    move || {
        let SaveState::Conflict(theirs) = workspace.save_state.get() else {
            return None;
        };
        let when = theirs
            .map(|r| format!(" (their version was saved at {})", r.modified))
            .unwrap_or_default();
        Some(view! {
            <section class="banner warning" role="alert" data-testid="conflict">
                <p>
                    {format!(
                        "Another tab or window changed this register{when}, and this tab has edits that are not saved. Nothing has been overwritten.",
                    )}
                </p>
                <button data-testid="take-theirs" on:click=move |_| workspace.take_theirs()>
                    "Use their version (keep mine as a copy)"
                </button>
                " "
                <button class="secondary" data-testid="keep-mine" on:click=move |_| workspace.keep_mine()>
                    "Keep mine (replace theirs)"
                </button>
            </section>
        })
    }
}
