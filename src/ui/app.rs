//! The app shell: header with the register's name and picker, the navigation, and
//! the view chosen by the URL fragment (`#/register`, `#/criteria`, …).

use leptos::prelude::*;

use super::storage::BrowserStore;
use super::views;
use crate::library::Library;
use crate::register::Register;

/// The views, in navigation order, with the fragment that selects each.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum View {
    Register,
    Criteria,
    Analysis,
    Treatment,
    Soa,
    Export,
}

impl View {
    pub const ALL: [View; 6] = [View::Register, View::Criteria, View::Analysis, View::Treatment, View::Soa, View::Export];

    pub fn slug(self) -> &'static str {
        match self {
            View::Register => "register",
            View::Criteria => "criteria",
            View::Analysis => "analysis",
            View::Treatment => "treatment",
            View::Soa => "soa",
            View::Export => "export",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            View::Register => "Register",
            View::Criteria => "Criteria",
            View::Analysis => "Analysis",
            View::Treatment => "Treatment",
            View::Soa => "SoA",
            View::Export => "Export",
        }
    }

    fn from_fragment(fragment: &str) -> View {
        let slug = fragment.trim_start_matches('#').trim_start_matches('/');
        View::ALL.into_iter().find(|v| v.slug() == slug).unwrap_or(View::Register)
    }
}

fn current_fragment() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// What every view reads: the register being worked on.
#[derive(Clone, Copy)]
pub struct Current(pub Memo<Register>);

#[component]
pub fn App() -> impl IntoView {
    let library = RwSignal::new(Library::open(&BrowserStore));
    let selected = RwSignal::new(0usize);
    let view = RwSignal::new(View::from_fragment(&current_fragment()));
    let _listener = window_event_listener(leptos::ev::hashchange, move |_| {
        view.set(View::from_fragment(&current_fragment()));
    });
    let register = Memo::new(move |_| {
        library.with(|l| l.registers.get(selected.get()).or(l.registers.first()).cloned().expect("a library always lists a register"))
    });
    provide_context(Current(register));

    view! {
        <header class="masthead">
            <div class="brand">"Residual"</div>
            <h1 class="register-name" data-testid="register-name">{move || register.with(|r| r.name.clone())}</h1>
            <label class="picker">
                <span class="visually-hidden">"Register"</span>
                <select
                    data-testid="register-picker"
                    on:change=move |ev| selected.set(event_target_value(&ev).parse().unwrap_or(0))
                >
                    {move || {
                        library.with(|l| {
                            l.registers
                                .iter()
                                .enumerate()
                                .map(|(i, r)| {
                                    let label = if l.showing_demo { format!("{} (demo)", r.name) } else { r.name.clone() };
                                    view! { <option value=i.to_string() selected=move || selected.get() == i>{label}</option> }
                                })
                                .collect_view()
                        })
                    }}
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
                "This is the built-in demo register of a fictional company. Your browser holds no register of its own yet."
            </p>
        </Show>
        <Show when=move || library.with(|l| !l.unreadable.is_empty())>
            <views::unreadable::UnreadableEntries entries=Signal::derive(move || library.with(|l| l.unreadable.clone())) />
        </Show>
        <main>
            {move || match view.get() {
                View::Register => views::register::RegisterView().into_any(),
                View::Criteria => views::criteria::CriteriaView().into_any(),
                View::Export => views::export::ExportView().into_any(),
                other => views::pending::PendingView(views::pending::PendingViewProps { view: other }).into_any(),
            }}
        </main>
    }
}
