//! The risk register: heat map, filters, search, the sortable table, and the actions
//! (add, edit, duplicate, delete with undo).

use leptos::prelude::*;

use super::heat_map::HeatMap;
use super::level::LevelBadge;
use super::risk_form::RiskForm;
use crate::ui::drafts::{Draft, Drafts};
use crate::ui::workspace::Workspace;
use residual_engine::assess::evaluation::{Evaluation, evaluate, scores};
use residual_engine::assess::risk_query::{RiskFilter, Sort, SortKey, select};
use residual_engine::model::criteria::{RiskLevel, ScaleLevel};
use residual_engine::model::register::Register;
use residual_engine::model::risk::{Risk, RiskStatus};

/// One row of the register table, as drawn.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
struct TableRow {
    /// The risk's position in the register (what the row's buttons act on).
    index: usize,
    id: String,
    title: String,
    owner: String,
    likelihood: String,
    impact: String,
    level: Option<RiskLevel>,
    appetite: &'static str,
    priority: Option<usize>,
    status: RiskStatus,
    review_date: String,
}

impl TableRow {
    fn of(r: &Register, evaluation: &Evaluation, index: usize) -> TableRow {
        let risk = &r.risks[index];
        let label = |scale: &[ScaleLevel], score: u8| {
            scale
                .get(usize::from(score).saturating_sub(1))
                .map(|s| format!("{score} · {}", s.label))
                .unwrap_or_default()
        };
        let (likelihood, impact) = scores(risk)
            .map(|(l, i)| (label(&r.criteria.likelihood, l), label(&r.criteria.impact, i)))
            .unwrap_or_default();
        TableRow {
            index,
            id: risk.id.clone(),
            title: risk.title.clone(),
            owner: risk.owner.clone(),
            likelihood,
            impact,
            level: evaluation
                .level
                .as_ref()
                .and_then(|id| r.criteria.levels.iter().find(|l| &l.id == id))
                .cloned(),
            appetite: match evaluation.above_appetite {
                Some(true) => "above appetite",
                Some(false) => "within appetite",
                None => "",
            },
            priority: evaluation.priority,
            status: risk.status,
            review_date: risk.review_date.clone().unwrap_or_default(),
        }
    }
}

/// Rows of the register table shown at once.
const PAGE_ROWS: usize = 100;

/// Opens the risk form on a risk (`Some(id)`) or a new one, and brings it into view. A
/// draft with changes is never replaced: its form is brought back instead, with a word.
fn open_risk_form(editing: Option<String>, summon: RwSignal<u32>, busy: RwSignal<bool>) {
    let workspace = expect_context::<Workspace>();
    let drafts = expect_context::<Drafts>();
    let register_id = workspace.open_id.get_untracked();
    let changed = workspace.register.with_untracked(|r| {
        drafts.with_untracked(&register_id, |d| {
            d.risk.as_ref().is_some_and(|d| match &d.editing {
                Some(id) => r.risks.iter().find(|x| &x.id == id) != Some(&d.item),
                None => d.item != Risk::blank(d.item.id.clone()),
            })
        })
    });
    let same =
        drafts.with_untracked(&register_id, |d| d.risk.as_ref().map(|d| d.editing.clone())) == Some(editing.clone());
    busy.set(changed && !same);
    if !changed {
        // The draft remembers the risk (and its treatment) as it opened it.
        let item = workspace.register.with_untracked(|r| match &editing {
            Some(id) => r.risks.iter().find(|x| &x.id == id).cloned().map(|risk| {
                let treatment = r.treatments.iter().find(|t| &t.risk == id).cloned();
                (risk, treatment)
            }),
            None => Some((Risk::blank(r.next_risk_id()), None)),
        });
        if let Some((item, treatment)) = item {
            drafts.update(&register_id, |d| {
                d.risk = Some(Draft {
                    treatment,
                    ..Draft::new(editing, item)
                })
            });
        }
    }
    summon.update(|n| *n += 1);
}

#[component]
pub fn RegisterView() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let register = workspace.register;
    let filters = Filters::new();
    let Filters { cell, .. } = filters;
    let sort = RwSignal::new(Sort::default());
    let drafts = expect_context::<Drafts>();
    let summon = RwSignal::new(0u32);
    let busy = RwSignal::new(false);
    // Which form is open: the register and the risk its draft edits. The form is built
    // again only when these change, not at each keystroke in it.
    let open_form = Memo::new(move |_| {
        let id = workspace.open_id.get();
        let editing = drafts.with(&id, |d| d.risk.as_ref().map(|d| d.editing.clone()));
        editing.map(|editing| (id, editing))
    });
    Effect::new(move |_| {
        if open_form.with(Option::is_none) {
            busy.set(false);
        }
    });
    let deleted = RwSignal::new(None::<String>);

    let filter = Memo::new(move |_| filters.filter());
    let evaluations = Memo::new(move |_| register.with(evaluate));
    let rows = Memo::new(move |_| register.with(|r| evaluations.with(|e| select(r, e, &filter.get(), sort.get()))));
    // Long registers are shown a page at a time (10,000 rows would freeze the page); a
    // new filter or sort starts again at the first page.
    let page = RwSignal::new(0usize);
    Effect::new(move |_| {
        filter.track();
        sort.track();
        page.set(0);
    });
    let pages = move || rows.with(Vec::len).div_ceil(PAGE_ROWS).max(1);
    let shown_rows = move || {
        let all = rows.get();
        let start = (page.get().min(pages() - 1)) * PAGE_ROWS;
        all[start.min(all.len())..(start + PAGE_ROWS).min(all.len())].to_vec()
    };

    // The page's rows as drawn: a keyed row is kept while its content is unchanged.
    let table_rows = move || {
        register.with(|r| {
            evaluations.with(|evaluations| {
                shown_rows()
                    .into_iter()
                    .map(|n| TableRow::of(r, &evaluations[n], n))
                    .collect::<Vec<_>>()
            })
        })
    };

    view! {
        <section class="view register">
            <div class="view-head">
                <div>
                    <h2>"Risk register"</h2>
                    <p class="meta">
                        {move || {
                            register
                                .with(|r| {
                                    let above = evaluations
                                        .with(|e| e.iter().filter(|e| e.above_appetite == Some(true)).count());
                                    let counts = format!(
                                        "{}, {above} above appetite · {} · losses in {}",
                                        super::count(r.risks.len(), "risk"),
                                        super::count(r.assets.len(), "asset"),
                                        r.currency,
                                    );
                                    if r.organisation.trim().is_empty() {
                                        counts
                                    } else {
                                        format!("{} · {counts}", r.organisation)
                                    }
                                })
                        }}
                    </p>
                </div>
                <div class="actions">
                    <button data-testid="add-risk" on:click=move |_| open_risk_form(None, summon, busy)>
                        "Add risk"
                    </button>
                    <button
                        class="secondary"
                        data-testid="undo"
                        disabled=move || !workspace.can_undo.get()
                        on:click=move |_| workspace.undo()
                    >
                        "Undo"
                    </button>
                </div>
            </div>
            <super::guide::GettingStarted open=workspace.library.with_untracked(|l| l.showing_demo)
                || register.with_untracked(|r| r.risks.is_empty()) />
            {move || {
                busy.get()
                    .then(|| {
                        view! {
                            <p class="toast" role="status" data-testid="draft-busy">
                                "You are editing another risk: save or cancel it first."
                            </p>
                        }
                    })
            }}
            {move || open_form.get().map(|(_, editing)| view! { <RiskForm editing=editing summon=summon /> })}
            {move || {
                deleted
                    .get()
                    .map(|id| {
                        view! {
                            <p class="toast" role="status" data-testid="deleted-toast">
                                {format!("Deleted {id}. ")}
                                <button
                                    class="link"
                                    data-testid="undo-delete"
                                    on:click=move |_| {
                                        workspace.undo();
                                        deleted.set(None);
                                    }
                                >
                                    "Undo"
                                </button>
                            </p>
                        }
                    })
            }}
            <div class="register-layout">
                <HeatMap cell=cell />
                <FilterBar filters=filters shown=Signal::derive(move || rows.with(Vec::len)) />
            </div>
            {move || {
                register
                    .with(|r| r.risks.is_empty())
                    .then(|| {
                        view! {
                            <div class="empty-state" data-testid="empty-register">
                                <p>
                                    <strong>"No risks yet."</strong>
                                    " The next steps of ISO/IEC 27001 6.1.2:"
                                </p>
                                <ol>
                                    <li>
                                        "Check the "<a href="#/criteria">"risk criteria"</a>
                                        " (scales, matrix, appetite) fit your organisation."
                                    </li>
                                    <li>"List what you value under "<a href="#/assets">"Assets"</a>"."</li>
                                    <li>
                                        "Identify a risk to confidentiality, integrity or availability, with its owner: "
                                        <button
                                            type="button"
                                            class="link"
                                            on:click=move |_| open_risk_form(None, summon, busy)
                                        >
                                            "add the first risk"
                                        </button>"."
                                    </li>
                                </ol>
                            </div>
                        }
                    })
            }}
            <table class="risks">
                <thead>
                    <tr>
                        <SortHeader sort=sort key=SortKey::Id label="Id" />
                        <SortHeader sort=sort key=SortKey::Title label="Risk" />
                        <SortHeader sort=sort key=SortKey::Owner label="Owner" />
                        <SortHeader sort=sort key=SortKey::Likelihood label="Likelihood" />
                        <SortHeader sort=sort key=SortKey::Impact label="Impact" />
                        <SortHeader sort=sort key=SortKey::Level label="Level" />
                        <th scope="col">"Priority"</th>
                        <SortHeader sort=sort key=SortKey::Status label="Status" />
                        <SortHeader sort=sort key=SortKey::ReviewDate label="Review" />
                        <th scope="col">
                            <span class="visually-hidden">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    <For each=table_rows key=|row| (row.index, super::content_key(row)) let:row>
                        <RiskRow row=row summon=summon busy=busy deleted=deleted />
                    </For>
                </tbody>
            </table>
            {move || {
                (pages() > 1)
                    .then(|| {
                        let current = page.get().min(pages() - 1);
                        let total = rows.with(Vec::len);
                        view! {
                            <nav class="pager" aria-label="Pages of risks" data-testid="pager">
                                <button
                                    class="secondary"
                                    disabled={current == 0}
                                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1))
                                >
                                    "Previous"
                                </button>
                                <span>
                                    {format!(
                                        " Risks {}–{} of {} ",
                                        current * PAGE_ROWS + 1,
                                        ((current + 1) * PAGE_ROWS).min(total),
                                        total,
                                    )}
                                </span>
                                <button
                                    class="secondary"
                                    data-testid="next-page"
                                    disabled={current + 1 >= pages()}
                                    on:click=move |_| page.update(|p| *p += 1)
                                >
                                    "Next"
                                </button>
                            </nav>
                        }
                    })
            }}
        </section>
    }
}

/// The register table's filters, one signal each (the heat map's cell among them).
#[derive(Clone, Copy)]
struct Filters {
    cell: RwSignal<Option<(u8, u8)>>,
    text: RwSignal<String>,
    level: RwSignal<String>,
    owner: RwSignal<String>,
    asset: RwSignal<String>,
    status: RwSignal<String>,
    above: RwSignal<bool>,
}

impl Filters {
    fn new() -> Filters {
        Filters {
            cell: RwSignal::new(None),
            text: RwSignal::new(String::new()),
            level: RwSignal::new(String::new()),
            owner: RwSignal::new(String::new()),
            asset: RwSignal::new(String::new()),
            status: RwSignal::new(String::new()),
            above: RwSignal::new(false),
        }
    }

    /// The engine's filter for what the signals hold (tracked).
    fn filter(self) -> RiskFilter {
        let some = |s: String| (!s.is_empty()).then_some(s);
        RiskFilter {
            text: self.text.get(),
            level: some(self.level.get()),
            owner: some(self.owner.get()),
            asset: some(self.asset.get()),
            status: RiskStatus::parse(&self.status.get()),
            above_appetite_only: self.above.get(),
            cell: self.cell.get(),
        }
    }

    fn clear(self) {
        self.text.set(String::new());
        self.level.set(String::new());
        self.owner.set(String::new());
        self.asset.set(String::new());
        self.status.set(String::new());
        self.above.set(false);
        self.cell.set(None);
    }
}

/// Options of a filter's select: (value, label).
fn options(values: Vec<(String, String)>) -> impl IntoView {
    values
        .into_iter()
        .map(|(value, label)| view! { <option value=value>{label}</option> })
        .collect_view()
}

/// Search, filters and how many risks they leave.
#[component]
fn FilterBar(filters: Filters, shown: Signal<usize>) -> impl IntoView {
    let register = expect_context::<Workspace>().register;
    let Filters {
        text,
        level,
        owner,
        asset,
        status,
        above,
        ..
    } = filters;
    view! {
        <form class="filters" on:submit=|ev| ev.prevent_default() aria-label="Filter risks">
            <label>
                "Search"
                <input
                    type="search"
                    data-testid="search"
                    placeholder="title, threat, asset…"
                    data-transient="a filter of the list below, like the selects beside it: not part of the register"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
            </label>
            <label>
                "Level"
                <select
                    data-testid="filter-level"
                    prop:value=move || level.get()
                    on:change=move |ev| level.set(event_target_value(&ev))
                >
                    <option value="">"any"</option>
                    {move || options(
                        register.with(|r| r.criteria.levels.iter().map(|l| (l.id.clone(), l.name.clone())).collect()),
                    )}
                </select>
            </label>
            <label>
                "Owner"
                <select
                    data-testid="filter-owner"
                    prop:value=move || owner.get()
                    on:change=move |ev| owner.set(event_target_value(&ev))
                >
                    <option value="">"any"</option>
                    {move || options(
                        register
                            .with(|r| {
                                let mut owners: Vec<String> = r.risks.iter().map(|x| x.owner.clone()).collect();
                                owners.sort();
                                owners.dedup();
                                owners.into_iter().map(|o| (o.clone(), o)).collect()
                            }),
                    )}
                </select>
            </label>
            <label>
                "Asset"
                <select
                    data-testid="filter-asset"
                    prop:value=move || asset.get()
                    on:change=move |ev| asset.set(event_target_value(&ev))
                >
                    <option value="">"any"</option>
                    {move || options(
                        register
                            .with(|r| r.assets.iter().map(|a| (a.id.clone(), format!("{} {}", a.id, a.name))).collect()),
                    )}
                </select>
            </label>
            <label>
                "Status"
                <select
                    data-testid="filter-status"
                    prop:value=move || status.get()
                    on:change=move |ev| status.set(event_target_value(&ev))
                >
                    <option value="">"any"</option>
                    {options(RiskStatus::ALL.iter().map(|s| (s.as_str().to_string(), s.label().to_string())).collect())}
                </select>
            </label>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="filter-above"
                    prop:checked=move || above.get()
                    on:change=move |ev| above.set(event_target_checked(&ev))
                />
                "Above appetite only"
            </label>
            <p class="shown" data-testid="shown-count">
                {move || format!("{} of {} risks shown", shown.get(), register.with(|r| r.risks.len()))}
                {move || {
                    (!filters.filter().is_empty())
                        .then(|| {
                            view! {
                                " "
                                <button class="link" on:click=move |_| filters.clear()>
                                    "Clear filters"
                                </button>
                            }
                        })
                }}
            </p>
        </form>
    }
}

/// A sortable column's header: a click sorts by it, again reverses.
#[component]
fn SortHeader(sort: RwSignal<Sort>, key: SortKey, label: &'static str) -> impl IntoView {
    let aria = move || match sort.get() {
        Sort { key: k, descending } if k == key => {
            if descending {
                "descending"
            } else {
                "ascending"
            }
        }
        _ => "none",
    };
    view! {
        <th scope="col" aria-sort=aria>
            <button
                class="sort"
                on:click=move |_| {
                    sort.update(|s| {
                        *s = if s.key == key {
                            Sort {
                                key,
                                descending: !s.descending,
                            }
                        } else {
                            Sort {
                                key,
                                descending: key == SortKey::Level,
                            }
                        }
                    })
                }
            >
                {label}
                {move || match sort.get() {
                    Sort { key: k, descending } if k == key => if descending { " ▼" } else { " ▲" }
                    _ => "",
                }}
            </button>
        </th>
    }
}

/// One row of the register table, with its actions.
#[component]
fn RiskRow(
    row: TableRow,
    summon: RwSignal<u32>,
    busy: RwSignal<bool>,
    deleted: RwSignal<Option<String>>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let n = row.index;
    let deleted_id = row.id.clone();
    let edit_id = row.id.clone();
    view! {
        <tr data-testid="risk-row" data-risk=row.id.clone()>
            <td class="id">{row.id.clone()}</td>
            <td class="title">{row.title.clone()}</td>
            <td>{row.owner.clone()}</td>
            <td>{row.likelihood.clone()}</td>
            <td>{row.impact.clone()}</td>
            <td>
                <LevelBadge level=row.level.clone() />
                <span class="appetite">{row.appetite}</span>
            </td>
            <td class="num">{row.priority.map(|p| p.to_string()).unwrap_or_default()}</td>
            <td class="status">{row.status.label()}</td>
            <td class="date">{row.review_date.clone()}</td>
            <td class="row-actions">
                <button
                    class="link"
                    data-testid="edit-risk"
                    on:click=move |_| open_risk_form(Some(edit_id.clone()), summon, busy)
                >
                    "Edit"
                </button>
                <button
                    class="link"
                    data-testid="duplicate-risk"
                    on:click=move |_| {
                        workspace
                            .edit(|r| {
                                r.duplicate_risk(n);
                            })
                    }
                >
                    "Duplicate"
                </button>
                <button
                    class="link danger"
                    data-testid="delete-risk"
                    on:click=move |_| {
                        workspace
                            .edit(|r| {
                                r.remove_risk(n);
                            });
                        deleted.set(Some(deleted_id.clone()));
                    }
                >
                    "Delete"
                </button>
            </td>
        </tr>
    }
}
