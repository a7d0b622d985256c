use super::*;

fn demo() -> Register {
    document::load(crate::DEMO_REGISTER_JSON).unwrap().register
}

fn named(id: &str, name: &str) -> Register {
    Register {
        id: id.into(),
        name: name.into(),
        ..demo()
    }
}

/// What is listed, ignoring the save counter.
fn names(library: &Library) -> Vec<(String, String)> {
    library
        .registers
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect()
}

#[test]
fn an_empty_store_shows_the_demo() {
    let library = Library::open(&MemoryStore::default());
    assert!(library.showing_demo);
    assert_eq!(library.registers, vec![demo()]);
}

#[test]
fn stored_registers_are_listed_by_name_instead_of_the_demo() {
    let mut store = MemoryStore::default();
    let mut library = Library::open(&store);
    library.save(&mut store, &named("b", "Beta")).unwrap();
    library.save(&mut store, &named("a", "alpha")).unwrap();
    store.entries.insert("unrelated.key".into(), "{}".into());
    let reopened = Library::open(&store);
    assert!(!reopened.showing_demo);
    assert_eq!(
        names(&reopened),
        [("a".into(), "alpha".into()), ("b".into(), "Beta".into())]
    );
    assert!(reopened.registers.iter().all(|r| r.revision == 1));
    assert!(reopened.unreadable.is_empty());
    assert_eq!(reopened, library);
}

#[test]
fn corrupt_and_future_entries_are_kept_and_never_overwritten() {
    let mut store = MemoryStore::default();
    let corrupt = "{\"schema_version\": \"1\", \"name\": ";
    let future = "{\"schema_version\": \"2\", \"id\": \"next\"}";
    store.entries.insert(key_of(&demo().id), corrupt.into());
    store.entries.insert(key_of("next"), future.into());
    let mut library = Library::open(&store);
    assert_eq!(library.unreadable.len(), 2);
    assert!(library.unreadable.iter().any(|u| u.raw == corrupt));
    assert!(
        library
            .unreadable
            .iter()
            .any(|u| u.raw == future && u.problems[0].message.contains("newer format"))
    );
    assert!(library.showing_demo, "with nothing readable the demo is offered");
    let refused = library.save(&mut store, &demo()).unwrap_err();
    assert_eq!(refused, SaveError::Unreadable(key_of(&demo().id)));
    assert_eq!(store.entries[&key_of(&demo().id)], corrupt);
    assert_eq!(store.entries[&key_of("next")], future);
}

#[test]
fn an_entry_whose_id_does_not_match_its_key_is_unreadable() {
    let mut store = MemoryStore::default();
    store.entries.insert(key_of("other"), demo().to_json());
    let library = Library::open(&store);
    assert_eq!(library.unreadable[0].problems[0].path, "$.id");
}

#[test]
fn a_failed_write_is_reported_and_the_register_stays_in_memory() {
    let mut store = MemoryStore {
        refuse_writes: Some("QuotaExceededError".into()),
        ..Default::default()
    };
    let mut library = Library::open(&store);
    let mut edited = demo();
    edited.name = "Edited".into();
    let error = library.save(&mut store, &edited).unwrap_err();
    assert_eq!(error, SaveError::Refused("QuotaExceededError".into()));
    assert!(error.to_string().contains("export"));
    assert!(store.entries.is_empty());
    // Once the store has room again, the same save goes through.
    store.refuse_writes = None;
    library.save(&mut store, &edited).unwrap();
    assert_eq!(
        Library::open(&store).registers,
        vec![Register { revision: 1, ..edited }]
    );
}

#[test]
fn a_change_by_another_tab_is_a_conflict_not_an_overwrite() {
    let mut store = MemoryStore::default();
    let mut here = Library::open(&store);
    here.save(&mut store, &named("r", "Shared")).unwrap();
    let mut there = Library::open(&store);
    there.save(&mut store, &named("r", "Changed there")).unwrap();
    let error = here.save(&mut store, &named("r", "Changed here")).unwrap_err();
    assert_eq!(
        error,
        SaveError::Conflict {
            theirs: Some(Box::new(Register {
                revision: 2,
                ..named("r", "Changed there")
            }))
        }
    );
    assert_eq!(Library::open(&store).registers[0].name, "Changed there");
    // After reloading, this tab sees their version and may save again.
    assert!(here.reload(&store, &key_of("r")));
    assert_eq!(names(&here), [("r".into(), "Changed there".into())]);
    here.save(&mut store, &named("r", "Both")).unwrap();
    // Or it may choose to overwrite explicitly.
    there.overwrite(&mut store, &named("r", "Theirs wins")).unwrap();
    assert_eq!(Library::open(&store).registers[0].name, "Theirs wins");
}

#[test]
fn a_register_deleted_by_another_tab_is_a_conflict_too() {
    let mut store = MemoryStore::default();
    let mut here = Library::open(&store);
    here.save(&mut store, &named("r", "Shared")).unwrap();
    store.entries.clear();
    assert_eq!(
        here.save(&mut store, &named("r", "Edit")),
        Err(SaveError::Conflict { theirs: None })
    );
}

#[test]
fn create_duplicate_rename_and_delete() {
    let mut store = MemoryStore::default();
    let mut library = Library::open(&store);
    let id = library
        .create(&mut store, "New assessment", "2026-11-28T10:00:00Z", 42)
        .unwrap();
    assert_eq!(id, "reg-2a");
    assert!(!library.showing_demo);
    assert_eq!(library.registers.len(), 1);
    let created = &library.registers[0];
    assert!(created.risks.is_empty() && crate::io::validation::check(created).is_empty());

    let copy = library.duplicate(&mut store, &id, "2026-11-28T11:00:00Z", 42).unwrap();
    assert_eq!(copy, "reg-2b", "the seed's id is taken, so the next one is used");
    let position = library.position(&copy).unwrap();
    assert_eq!(library.registers[position].name, "New assessment (copy)");

    let mut renamed = library.registers[position].clone();
    renamed.name = "Renamed".into();
    library.save(&mut store, &renamed).unwrap();
    assert!(Library::open(&store).registers.iter().any(|r| r.name == "Renamed"));

    library.delete(&mut store, &id);
    assert_eq!(store.entries.len(), 1);
    library.delete(&mut store, &copy);
    assert!(store.entries.is_empty());
    assert!(library.showing_demo, "deleting the last register brings the demo back");
}

#[test]
fn duplicating_the_demo_keeps_the_demo_listed() {
    let mut store = MemoryStore::default();
    let mut library = Library::open(&store);
    let copy = library
        .duplicate(&mut store, &demo().id, "2026-11-28T11:00:00Z", 1)
        .unwrap();
    assert_eq!(library.registers.len(), 2);
    assert_eq!(store.entries.keys().collect::<Vec<_>>(), vec![&key_of(&copy)]);
}

#[test]
fn every_save_raises_the_revision_and_crossed_saves_are_detected() {
    let mut store = MemoryStore::default();
    let mut here = Library::open(&store);
    here.save(&mut store, &named("r", "One")).unwrap();
    let first = store.entries[&key_of("r")].clone();
    here.save(&mut store, &named("r", "Two")).unwrap();
    let second = store.entries[&key_of("r")].clone();
    assert_eq!((revision_of(&first), revision_of(&second)), (1, 2));
    // A tab that built on revision 1 and wrote revision 2 never saw "Two": crossed.
    let blind = Register {
        revision: 2,
        ..named("r", "Other")
    }
    .to_json();
    assert!(crossed(&second, &blind));
    // A write that built on ours (a later revision) is an ordinary update.
    let later = Register {
        revision: 3,
        ..named("r", "Three")
    }
    .to_json();
    assert!(!crossed(&second, &later));
    assert!(!crossed(&second, &second));
}

#[test]
fn a_register_that_would_not_load_is_never_written() {
    // Each of these edits once saved a register that the app then refused to load.
    let mut store = MemoryStore::default();
    let mut library = Library::open(&store);
    let mut base = demo();
    base.id = "r".into();
    library.save(&mut store, &base).unwrap();
    let saved = store.entries.clone();
    type Edit = Box<dyn Fn(&mut Register)>;
    let edits: Vec<(&str, Edit)> = vec![
        (
            "a due date as text",
            Box::new(|r: &mut Register| r.controls[0].due_date = Some("end of Q3".into())),
        ),
        (
            "avoid without rationale",
            Box::new(|r: &mut Register| {
                r.treatments[0].option = crate::model::treatment::TreatmentOption::Avoid;
                r.treatments[0].rationale.clear();
            }),
        ),
        (
            "a year-10000 timestamp",
            Box::new(|r: &mut Register| r.modified = "+010000-01-01T00:00:00.000Z".into()),
        ),
        (
            "a dangling treatment",
            Box::new(|r: &mut Register| r.risks.retain(|x| x.id != r.treatments[0].risk.clone())),
        ),
    ];
    for (what, edit) in edits {
        let mut edited = base.clone();
        edit(&mut edited);
        match library.save(&mut store, &edited) {
            Err(SaveError::Invalid(problems)) => assert!(!problems.is_empty(), "{what}"),
            other => panic!("{what}: {other:?}"),
        }
        assert_eq!(store.entries, saved, "{what}: nothing written");
    }
}

#[test]
fn registers_are_stored_compactly() {
    let mut store = MemoryStore::default();
    let mut library = Library::open(&store);
    let mut register = demo();
    register.id = "r".into();
    library.save(&mut store, &register).unwrap();
    let text = store.get(&key_of("r")).unwrap();
    assert!(!text.contains('\n'));
    assert!(
        text.len() * 5 < register.to_json().len() * 4,
        "{} against {}",
        text.len(),
        register.to_json().len()
    );
    assert_eq!(document::load(&text).unwrap().register.name, register.name);
}

#[test]
fn after_the_store_is_emptied_elsewhere_a_save_writes_again() {
    let mut store = MemoryStore::default();
    let mut library = Library::open(&store);
    let register = named("r", "Kept");
    library.save(&mut store, &register).unwrap();
    store.entries.clear();
    // Without being told, the save sees the entry gone: a conflict (it may be a delete).
    assert!(matches!(
        library.save(&mut store, &register),
        Err(SaveError::Conflict { .. })
    ));
    library.forget_stored();
    store.refuse_writes = Some("full".into());
    assert!(matches!(
        library.save(&mut store, &register),
        Err(SaveError::Refused(_))
    ));
    store.refuse_writes = None;
    library.save(&mut store, &register).unwrap();
    assert_eq!(
        document::load(&store.get(&key_of("r")).unwrap()).unwrap().register.name,
        "Kept"
    );
}

#[test]
fn the_demo_can_be_added_again_beside_the_analysts_own_registers() {
    let mut store = MemoryStore::default();
    let mut library = Library::open(&store);
    let mine = library.create(&mut store, "Mine", "2026-11-29T10:00:00Z", 1).unwrap();
    let demo = library.add_demo(&mut store, "2026-11-29T11:00:00Z", 2).unwrap();
    assert_ne!(mine, demo);
    let reopened = Library::open(&store);
    let names: Vec<&str> = reopened.registers.iter().map(|r| r.name.as_str()).collect();
    assert!(names.contains(&"Mine"), "{names:?}");
    let copy = reopened
        .registers
        .iter()
        .find(|r| r.id == demo)
        .expect("the demo copy is stored");
    assert!(copy.name.starts_with("Demo: "), "{}", copy.name);
    let original = document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
    assert_eq!(copy.risks, original.risks);
    assert_eq!(copy.created, "2026-11-29T11:00:00Z");
    // A full store refuses it, and the library is as it was.
    let before = library.registers.len();
    store.refuse_writes = Some("quota".into());
    assert!(library.add_demo(&mut store, "2026-11-29T12:00:00Z", 3).is_err());
    assert_eq!(library.registers.len(), before);
}

#[test]
fn an_import_replaces_with_a_backup_that_can_be_restored() {
    let mut store = MemoryStore::default();
    let mut library = Library::open(&store);
    let mine = named("reg-1", "Mine");
    library.save(&mut store, &mine).unwrap();
    let mut imported = mine.clone();
    imported.name = "Imported".into();
    imported.scope = "From the workshop".into();
    library.replace(&mut store, &imported).unwrap();
    let reopened = Library::open(&store);
    assert_eq!(names(&reopened), vec![("reg-1".to_string(), "Imported".to_string())]);
    assert_eq!(reopened.registers[0].scope, "From the workshop");
    let backups = Library::backups(&store);
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].name, "Mine");
    // Restoring swaps them: the import becomes the backup.
    library.restore(&mut store, "reg-1").unwrap();
    let reopened = Library::open(&store);
    assert_eq!(reopened.registers[0].name, "Mine");
    assert_eq!(reopened.registers[0].scope, mine.scope);
    assert_eq!(Library::backups(&store)[0].name, "Imported");
    // A backup that cannot be written stops the replace: nothing changes.
    let before = store.entries.clone();
    store.refuse_writes = Some("quota".into());
    assert!(library.replace(&mut store, &imported).is_err());
    assert_eq!(store.entries, before);
}

#[test]
fn a_register_larger_than_the_store_is_refused_whole_and_can_be_opened_read_only() {
    // A store that holds the demo and little more, as a browser's 5 MB holds a few MB.
    let mut store = MemoryStore {
        capacity: Some(2 * crate::DEMO_REGISTER_JSON.len()),
        ..Default::default()
    };
    let mut library = Library::open(&store);
    let mine = demo();
    library.save(&mut store, &mine).unwrap();
    let before = store.entries.clone();
    // A register three times the room left.
    let mut big = demo();
    big.id = "big".into();
    big.name = "Big".into();
    let risks = big.risks.clone();
    for n in 0..60 {
        big.risks.extend(risks.iter().cloned().map(|mut r| {
            r.id = format!("{}-{n}", r.id);
            r
        }));
    }
    let error = library
        .add_copy(&mut store, big.clone(), "2026-12-07T00:00:00Z", 7)
        .unwrap_err();
    assert!(error.is_full(), "{error:?}");
    assert!(!SaveError::Refused("disabled".into()).is_full());
    assert_eq!(store.entries, before, "nothing stored changed");
    let said = too_large_to_keep(big.to_compact_json().len(), 0);
    assert!(
        said.starts_with("This register is ") && said.contains("Nothing was imported"),
        "{said}"
    );
    // With the store mostly taken by other registers, the message says so, not that
    // this one alone is too large.
    let said = too_large_to_keep(400_000, 5_100_000);
    assert!(
        said.contains("already holds 4.9 MB of other registers") && !said.contains("full with it"),
        "{said}"
    );
    assert!(stored_size(&store) > 0);

    // Opened in this tab only: listed, never written, and a save of it is refused.
    let id = library.open_unstored(big.clone(), 7);
    assert_eq!(id, "big");
    assert!(library.registers.iter().any(|r| r.id == "big"));
    assert!(matches!(library.save(&mut store, &big), Err(SaveError::Refused(why)) if why.contains("read-only")));
    assert_eq!(store.entries, before);
    // One whose id is taken gets another.
    let mut twin = big.clone();
    twin.id = mine.id.clone();
    let other = library.open_unstored(twin, 9);
    assert_ne!(other, mine.id);
    assert!(library.unstored.contains(&other));
}

#[test]
fn a_revision_is_read_from_the_start_of_the_text() {
    let mut register = demo();
    register.revision = 41;
    let text = register.to_compact_json();
    assert_eq!(revision_of(&text), 41);
    // Where it stands and what follows do not matter; without one it is 0.
    assert_eq!(
        revision_of(r#"{"a": {"revision": 5}, "b": [1, {"c": null}], "revision": 7, "broken"#),
        7
    );
    assert_eq!(revision_of(r#"{"id": "x"}"#), 0);
    assert_eq!(revision_of(r#"{"revision": "seven"}"#), 0);
    assert_eq!(revision_of("not json"), 0);
    assert_eq!(revision_of("[1, 2]"), 0);
    assert_eq!(revision_of(""), 0);
    assert_eq!(revision_of(r#"{"revision": 18446744073709551615}"#), u64::MAX);
}

#[test]
fn a_listed_register_saves_in_place_and_stays_listed_when_the_save_fails() {
    let mut store = MemoryStore::default();
    let mut library = Library::open(&store);
    let mine = demo();
    library.save(&mut store, &mine).unwrap();
    let mut other = demo();
    other.id = "other".into();
    other.name = "Another".into();
    library.save(&mut store, &other).unwrap();
    let at = library.position(&mine.id).unwrap();
    library.registers[at].scope = "Edited in place".into();
    library.save_listed(&mut store, &mine.id).unwrap();
    let reopened = Library::open(&store);
    assert_eq!(
        reopened.registers.iter().find(|r| r.id == mine.id).unwrap().scope,
        "Edited in place"
    );
    assert_eq!(library.registers.len(), 2);
    // A refused write leaves it listed, with its edit, where it was.
    store.refuse_writes = Some("QuotaExceededError".into());
    let at = library.position(&mine.id).unwrap();
    library.registers[at].scope = "Not stored yet".into();
    assert!(library.save_listed(&mut store, &mine.id).unwrap_err().is_full());
    assert_eq!(library.position(&mine.id), Some(at));
    assert_eq!(library.registers[at].scope, "Not stored yet");
    assert!(matches!(
        library.save_listed(&mut store, "nobody"),
        Err(SaveError::Refused(_))
    ));
}
