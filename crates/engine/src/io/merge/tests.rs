use super::*;
use crate::model::distribution::Distribution;
use crate::model::risk::Risk;

fn risk(id: &str) -> Risk {
    let register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
    register.risks.into_iter().find(|r| r.id == id).unwrap()
}

#[test]
fn fields_changed_on_one_side_each_take_that_side() {
    let base = risk("R-003");
    let mut mine = base.clone();
    mine.title = "Bucket exposed (revised)".into();
    let mut theirs = base.clone();
    theirs.owner = "Warehouse manager".into();
    let merge = Merge::of(&base, &mine, &theirs);
    assert!(merge.is_clean());
    let summary: Vec<_> = merge
        .changes
        .iter()
        .map(|c| (c.path.as_str(), c.changed_by, c.label.as_str()))
        .collect();
    assert_eq!(
        summary,
        [("title", ChangedBy::Me, "Title"), ("owner", ChangedBy::Them, "Owner")]
    );
    let merged: Risk = merge.resolve(|_| panic!("no choice needed")).unwrap();
    assert_eq!(merged.title, "Bucket exposed (revised)");
    assert_eq!(merged.owner, "Warehouse manager");
    assert_eq!(merged.fair, base.fair);
}

#[test]
fn a_field_changed_on_both_sides_is_the_users_choice() {
    let base = risk("R-003");
    let mut mine = base.clone();
    mine.owner = "Owner from A".into();
    mine.notes = "same note".into();
    let mut theirs = base.clone();
    theirs.owner = "Owner from B".into();
    theirs.notes = "same note".into();
    let merge = Merge::of(&base, &mine, &theirs);
    assert!(!merge.is_clean());
    // The same change on both sides is no change to choose.
    assert_eq!(merge.changes.len(), 1);
    let owner = &merge.changes[0];
    assert_eq!(
        (owner.mine.as_str(), owner.theirs.as_str()),
        ("Owner from A", "Owner from B")
    );
    for (side, expected) in [(Side::Mine, "Owner from A"), (Side::Theirs, "Owner from B")] {
        let merged: Risk = merge.resolve(|_| side).unwrap();
        assert_eq!(merged.owner, expected);
        assert_eq!(merged.notes, "same note");
    }
}

#[test]
fn a_fair_model_merges_factor_by_factor_and_a_removal_is_whole() {
    let base = risk("R-003");
    let mut mine = base.clone();
    let mut theirs = base.clone();
    let lognormal = |low, high| Distribution::Lognormal { low, high };
    mine.fair.as_mut().unwrap().primary_loss = Some(lognormal(40_000.0, 350_000.0));
    theirs.fair.as_mut().unwrap().secondary_loss_magnitude = Some(lognormal(100_000.0, 5_000_000.0));
    let merge = Merge::of(&base, &mine, &theirs);
    assert!(merge.is_clean());
    let labels: Vec<_> = merge.changes.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["Primary loss", "Secondary loss magnitude"]);
    assert_eq!(merge.changes[0].mine, "type lognormal, low 40000, high 350000");
    assert_eq!(merge.changes[0].theirs, "type lognormal, low 30000, high 300000");
    let merged: Risk = merge.resolve(|_| Side::Mine).unwrap();
    let fair = merged.fair.unwrap();
    assert_eq!(fair.primary_loss, Some(lognormal(40_000.0, 350_000.0)));
    assert_eq!(fair.secondary_loss_magnitude, Some(lognormal(100_000.0, 5_000_000.0)));

    // The form removed the model while the other save changed a factor: one choice, and
    // the model is either gone or theirs, never an empty shell.
    let mut removed = base.clone();
    removed.fair = None;
    let merge = Merge::of(&base, &removed, &theirs);
    assert_eq!(merge.changes.len(), 1);
    assert_eq!(merge.changes[0].changed_by, ChangedBy::Both);
    assert_eq!(merge.resolve::<Risk>(|_| Side::Mine).unwrap().fair, None);
    assert_eq!(merge.resolve::<Risk>(|_| Side::Theirs).unwrap().fair, theirs.fair);
}

#[test]
fn a_score_is_one_field() {
    let base = risk("R-001");
    let mut mine = base.clone();
    let mut theirs = base.clone();
    mine.assessment.as_mut().unwrap().likelihood = 2;
    theirs.assessment.as_mut().unwrap().likelihood = 4;
    let merge = Merge::of(&base, &mine, &theirs);
    assert_eq!(merge.changes.len(), 1);
    assert_eq!(merge.changes[0].path, "assessment");
    assert_eq!(merge.changes[0].mine, "likelihood 2, impact 5, criteria version 1");
}

#[test]
fn nothing_changed_is_a_clean_merge_giving_theirs() {
    let base = risk("R-002");
    let merge = Merge::of(&base, &base, &base);
    assert!(merge.changes.is_empty() && merge.is_clean());
    assert_eq!(merge.resolve::<Risk>(|_| Side::Mine).unwrap(), base);
}

#[test]
fn values_in_words_keep_the_order_of_the_text() {
    let words = fields_in_words(r#"{"z": {"b_c": [1, "x", true], "a": null}, "y": 2.5, "x": {"q": {"r": 1}}}"#);
    let expected = [
        ("z.b_c", "1, x, yes"),
        ("z.a", ""),
        ("z", "b c 1, x, yes, a "),
        ("y", "2.5"),
        ("x.q", "r 1"),
        ("x", "q r 1"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(p, w)| (p.to_string(), w.to_string())).collect();
    assert_eq!(words, expected);
}
