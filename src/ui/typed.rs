//! Text typed into a single field is kept as it is typed. Every keystroke puts the
//! field's text in the register's drafts (`Drafts::fields`, in storage), so a reload, a
//! closed tab or a crash keeps it; the text is taken (committed) when the field is left,
//! after a pause in typing for a register field, and when the page is hidden or closed.
//! Text that does not read stays a draft, shown in its field with the reason, and the
//! header says it is not saved.
//!
//! A register field ([`FieldInput`], an engine `InlineField`) remembers what it held
//! when typing began: if another tab or view changed it meanwhile, the typed text is
//! kept and the user chooses (Enter puts it in place, Escape takes the other). Escape
//! also drops text that does not read; text that reads it leaves alone.

use std::time::Duration;

use leptos::prelude::*;

use super::drafts::{Drafts, FieldDraft};
use super::workspace::Workspace;
use residual_engine::treat::inline_field::{InlineField, Refusal};

/// How long after the last keystroke a register field's text is taken.
const PAUSE: Duration = Duration::from_millis(400);

/// Takes a field's typed text: `(text, base)`, where `base` is what the field held when
/// typing began (`None`: not checked).
pub type Commit = Callback<(String, Option<String>), Result<(), Refusal>>;

/// A text field whose typed text is kept as it is typed (see the module). Attributes
/// after `{..}` go to the `<input>`.
#[component]
pub fn TypedInput(
    /// The register whose drafts keep the text.
    #[prop(into)]
    register: String,
    /// The field's draft key: an `InlineField` key, or a view's own (`"criteria/…"`).
    #[prop(into)]
    key: String,
    /// What the field holds when nothing is typed.
    #[prop(into)]
    value: Signal<String>,
    /// Takes the typed text; without it, the text is kept until an action takes it and
    /// ends the draft (Accept, Create…).
    #[prop(optional)]
    commit: Option<Commit>,
    /// Take the text after a pause in typing, not only when the field is left.
    #[prop(optional)]
    live: bool,
    /// Keep the text after it is taken: a view's setting (a search, a budget) that a
    /// reload should keep, taken again when the field is drawn.
    #[prop(optional)]
    keep: bool,
    /// The field's name in the header's list of drafts (`None`: not listed).
    #[prop(optional, into)]
    label: Option<String>,
    /// Where a refusal is shown (besides the field's own `invalid` state).
    #[prop(optional)]
    error: Option<RwSignal<Option<String>>>,
    /// The input's type ("text" unless given); "textarea" makes it a `<textarea>`, for
    /// text of several lines (a pasted column of values).
    #[prop(optional)]
    kind: Option<&'static str>,
) -> impl IntoView {
    let drafts = expect_context::<Drafts>();
    let error = error.unwrap_or_else(|| RwSignal::new(None));
    // What the DOM holds while the user is in the field: taking the text must not put a
    // reformatted value under the cursor.
    let focused = RwSignal::new(None::<String>);
    // The last refusal was a change made elsewhere: the next commit puts the text in place.
    let rebase = RwSignal::new(false);
    let pause = StoredValue::new(0u64);
    let (register, key) = (StoredValue::new(register), StoredValue::new(key));
    let draft = move || drafts.field(&register.read_value(), &key.read_value());

    let take = move |text: String, from_typing: bool| {
        let Some(commit) = commit else { return };
        let base = if rebase.get_untracked() {
            Some(value.get_untracked())
        } else {
            drafts.with_untracked(&register.read_value(), |d| {
                d.fields.get(&*key.read_value()).and_then(|f| f.base.clone())
            })
        };
        let outcome = commit.run((text.clone(), base));
        let (register, key) = (register.get_value(), key.get_value());
        match outcome {
            Ok(()) => {
                rebase.set(false);
                error.set(None);
                // Ended unless more was typed meanwhile.
                drafts.update(&register, |d| {
                    if keep {
                        if let Some(f) = d.fields.get_mut(&key) {
                            f.refused = None;
                        }
                    } else if let Some(f) = d.fields.get_mut(&key).filter(|f| f.text == text) {
                        f.mark_taken();
                    }
                });
            }
            Err(refusal) => {
                let message = match refusal {
                    Refusal::Invalid(why) => why,
                    Refusal::Changed { now } => {
                        rebase.set(true);
                        match now {
                            Some(now) => format!(
                                "Changed elsewhere to “{now}” while you typed. Your text is kept here: press Enter to put it in place of that, or Escape to take that."
                            ),
                            None => "Removed elsewhere while you typed; your text is kept here until you leave it."
                                .to_string(),
                        }
                    }
                };
                drafts.update(&register, |d| {
                    if let Some(f) = d.fields.get_mut(&key) {
                        f.refused = Some(message.clone());
                    }
                });
                // A half-typed amount is not an error yet: said when the field is left.
                if !from_typing || rebase.get_untracked() {
                    error.set(Some(message));
                }
            }
        }
    };
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        focused.set(Some(text.clone()));
        let (register_id, key_now) = (register.get_value(), key.get_value());
        let base = value.get_untracked();
        let label = label.clone();
        drafts.update(&register_id, |d| {
            let base = d.fields.get(&key_now).map_or(Some(base), |f| f.base.clone());
            d.fields.insert(
                key_now.clone(),
                FieldDraft {
                    text: text.clone(),
                    taken: false,
                    base,
                    label,
                    refused: None,
                },
            );
        });
        if live {
            let generation = pause.get_value() + 1;
            pause.set_value(generation);
            set_timeout(
                move || {
                    if pause.try_get_value() == Some(generation) {
                        take(text, true);
                    }
                },
                PAUSE,
            );
        }
    };
    // A field being removed with its view (the browser's Back, a new address) gets its
    // `change` and `blur` after the view's state is gone: its text is in the drafts
    // already, and the next start or page hide takes it, so nothing is done here then.
    let on_change = move |ev| {
        if pause.try_update_value(|g| *g += 1).is_none() {
            return;
        }
        take(event_target_value(&ev), false);
    };
    let on_blur = move |_| {
        let _ = focused.try_set(None);
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if focused.is_disposed() {
            return;
        }
        // In a box of several lines, Enter takes the text as it does in a one-line field
        // (Shift+Enter starts a new line).
        if kind == Some("textarea") && ev.key() == "Enter" && !ev.shift_key() {
            ev.prevent_default();
            if pause.try_update_value(|g| *g += 1).is_some() {
                take(event_target_value(&ev), false);
            }
            return;
        }
        // Escape drops only text that did not read, or takes what another tab put there:
        // text that reads is never thrown away by a key.
        let unreadable = draft().is_some_and(|d| d.refused.is_some()) || error.with_untracked(Option::is_some);
        if ev.key() == "Escape" && draft().is_some() && (unreadable || rebase.get_untracked()) {
            pause.update_value(|g| *g += 1);
            rebase.set(false);
            error.set(None);
            focused.set(None);
            let (register, key) = (register.get_value(), key.get_value());
            drafts.update(&register, |d| {
                d.fields.remove(&key);
            });
            if let Some(target) = ev.target() {
                use wasm_bindgen::JsCast;
                if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
                    input.set_value(&value.get_untracked());
                } else if let Some(area) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                    area.set_value(&value.get_untracked());
                }
            }
        }
    };
    // The draft ended elsewhere (Discard in the header, another view): its refusal goes.
    Effect::new(move |had: Option<bool>| {
        let has = draft().is_some();
        if had == Some(true) && !has {
            error.set(None);
            rebase.set(false);
        }
        has
    });
    // A draft left from before (a reload, a crash) is tried once, as if the field had
    // been left: a form's draft then holds it, or the reason shows.
    if let Some(text) = untrack(draft).map(|d| d.text) {
        take(text, false);
    }
    let shown = move || {
        focused
            .get()
            .or_else(|| draft().map(|d| d.text))
            .unwrap_or_else(|| value.get())
    };
    if kind == Some("textarea") {
        return view! {
            <textarea
                prop:value=shown
                class:invalid=move || error.with(Option::is_some)
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                on:input=on_input
                on:change=on_change
                on:blur=on_blur
                on:keydown=on_keydown
            />
        }
        .into_any();
    }
    view! {
        <input
            type=kind.unwrap_or("text")
            prop:value=shown
            class:invalid=move || error.with(Option::is_some)
            aria-invalid=move || error.with(Option::is_some).then_some("true")
            on:input=on_input
            on:change=on_change
            on:blur=on_blur
            on:keydown=on_keydown
        />
    }
    .into_any()
}

/// A field of a register, edited in place (an engine `InlineField`): shows the field's
/// value, takes typed text after a pause and when left, with the engine's rules.
#[component]
pub fn FieldInput(
    /// The register (by id) the field belongs to.
    #[prop(into)]
    register: String,
    /// The field.
    field: InlineField,
    /// Where a refusal is shown.
    #[prop(optional)]
    error: Option<RwSignal<Option<String>>>,
    /// A treatment option waiting for this rationale: chosen with it.
    #[prop(optional)]
    option: Option<RwSignal<Option<residual_engine::model::treatment::TreatmentOption>>>,
    /// The input's type ("text" unless given); "textarea" makes it a `<textarea>`, for
    /// text of several lines (a pasted column of values).
    #[prop(optional)]
    kind: Option<&'static str>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let key = field.key();
    let value = {
        let (register, field) = (register.clone(), field.clone());
        Memo::new(move |_| {
            workspace.library.with(|l| {
                l.registers
                    .iter()
                    .find(|r| r.id == register)
                    .and_then(|r| field.shown(r))
                    .unwrap_or_default()
            })
        })
    };
    let commit = {
        let register = register.clone();
        Callback::new(move |(text, base): (String, Option<String>)| {
            let pending = option.and_then(|o| o.get_untracked());
            let outcome = workspace.commit_field(&register, &field, &text, base.as_deref(), pending);
            if outcome.is_ok()
                && let Some(option) = option
            {
                option.set(None);
            }
            outcome
        })
    };
    view! {
        <TypedInput
            register=register
            key=key
            value=value
            commit=commit
            live=true
            error=error.unwrap_or_else(|| RwSignal::new(None))
            kind=kind.unwrap_or("text")
        />
    }
}

/// Takes every register field's typed text still kept as a draft, in every register:
/// at start (text left by a reload or a crash) and when the page is hidden or closed.
/// Text that does not read, or a field changed elsewhere meanwhile, stays a draft with
/// the reason.
pub fn commit_field_drafts(workspace: Workspace, drafts: Drafts) {
    for (register, key, draft) in drafts.fields_untracked(|key| InlineField::from_key(key).is_some()) {
        let Some(field) = InlineField::from_key(&key) else {
            continue;
        };
        if workspace.library.with_untracked(|l| l.position(&register).is_none()) {
            continue;
        }
        let outcome = workspace.commit_field(&register, &field, &draft.text, draft.base.as_deref(), None);
        drafts.update(&register, |d| match &outcome {
            // Kept until the register is in storage (see `FieldDraft::taken`): this runs
            // as the page hides or closes, when a save may yet fail.
            Ok(()) => {
                if let Some(f) = d.fields.get_mut(&key) {
                    f.mark_taken();
                }
            }
            Err(refusal) => {
                if let Some(f) = d.fields.get_mut(&key) {
                    f.refused = Some(match refusal {
                        Refusal::Invalid(why) => why.clone(),
                        Refusal::Changed { .. } => format!("{}: changed elsewhere while you typed", field.label()),
                    });
                }
            }
        });
    }
}
