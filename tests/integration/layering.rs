//! The layering `lib.rs` documents holds: each domain module imports only the modules listed
//! before it in the Layout table, and the floor below them (`error`, `table`, `limits`, the
//! private helpers) imports none of them. The test reads `src/` as text, so a new import that
//! breaks the order fails here with the file and the module it reaches.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The domain modules in the order of `lib.rs`'s Layout table: the rows ``| [`name`] | ... |``.
fn documented_order(lib: &str) -> Vec<String> {
    let mut order = Vec::new();
    let mut in_layout = false;
    for line in lib.lines() {
        let text = line.trim_start_matches("//!").trim();
        if text.starts_with("## ") {
            in_layout = text == "## Layout";
            continue;
        }
        if !in_layout {
            continue;
        }
        if let Some(rest) = text.strip_prefix("| [`")
            && let Some((name, _)) = rest.split_once("`]")
        {
            order.push(name.to_owned());
        }
    }
    order
}

/// Names the crate root re-exports, and the module each comes from (`Country` → `data`).
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let joined = lib.replace('\n', " ");
    for stmt in joined.split(';') {
        let stmt = stmt.trim();
        let Some(rest) = stmt
            .rsplit("pub use ")
            .next()
            .filter(|_| stmt.contains("pub use "))
        else {
            continue;
        };
        let Some((module, names)) = rest.split_once("::") else {
            continue;
        };
        for name in names
            .trim_matches(|c| c == '{' || c == '}' || c == ' ')
            .split(',')
        {
            let name = name.trim();
            if !name.is_empty() {
                map.insert(name.to_owned(), module.trim().to_owned());
            }
        }
    }
    map
}

/// The code of a file without its comments (line comments and doc comments: links in docs are
/// not imports).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first path segments after `crate::` in `code`, braces included (`crate::{data::X, growth}`).
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(i) = code[from..].find("crate::") {
        let at = from + i;
        from = at + "crate::".len();
        let before = at.checked_sub(1).map(|b| bytes[b] as char);
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == ':') {
            continue;
        }
        let rest = &code[from..];
        if let Some(inner) = rest.strip_prefix('{') {
            // Top-level names inside the braces.
            let (mut depth, mut token) = (1, String::new());
            for c in inner.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 || (c == ',' && depth == 1) {
                    let name: String = token
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        names.insert(name);
                    }
                    token.clear();
                    if depth == 0 {
                        break;
                    }
                } else if depth == 1 || c != ',' {
                    token.push(c);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.insert(name);
        }
    }
    names
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every (file, module it imports) that breaks the order.
fn violations(src: &Path) -> Vec<String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let order = documented_order(&lib);
    let reexports = root_reexports(&lib);
    let rank = |m: &str| order.iter().position(|o| o == m);
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut bad = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        // The command-line tool is a client of the library, above every module.
        if first == "bin" || first == "lib.rs" {
            continue;
        }
        let module = first.trim_end_matches(".rs").to_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        for name in crate_paths(&code(&text)) {
            let target = reexports.get(&name).cloned().unwrap_or(name);
            if target == module {
                continue;
            }
            let allowed = match (rank(&module), rank(&target)) {
                // The floor imports no domain module.
                (None, Some(_)) => false,
                // A domain module imports those before it.
                (Some(m), Some(t)) => t < m,
                // Anything may import the floor.
                (_, None) => true,
            };
            if !allowed {
                bad.push(format!("{} imports crate::{target}", rel.display()));
            }
        }
    }
    bad
}

#[test]
fn each_module_imports_only_modules_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let order = documented_order(&lib);
    assert_eq!(
        order,
        [
            "data",
            "growth",
            "forecast",
            "audit",
            "gravity",
            "equilibrium",
            "scenario",
            "outlook",
            "io",
            "chart",
            "report"
        ],
        "lib.rs's Layout table"
    );
    let bad = violations(&src);
    assert!(
        bad.is_empty(),
        "imports against the layering:\n{}",
        bad.join("\n")
    );
}

/// The checker itself: it sees plain, braced and re-exported imports, and ignores comments.
#[test]
fn the_checker_finds_an_import_from_above() {
    let text = "use crate::{data::Country, scenario};\n// crate::chart in a comment\nlet x = crate::Rate::new(0.1);\nfn f() -> crate::error::Result<()> { $crate::x }";
    let found = crate_paths(&code(text));
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["Rate", "data", "error", "scenario"]
    );
    let dir = std::env::temp_dir().join(format!("layering-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("growth")).unwrap();
    std::fs::write(
        dir.join("lib.rs"),
        "//! ## Layout\n//! | [`data`] | x |\n//! | [`growth`] | y |\n//! ## Next\npub use growth::{Rate};\n",
    )
    .unwrap();
    std::fs::write(dir.join("data.rs"), "use crate::Rate;\n").unwrap();
    std::fs::write(dir.join("growth").join("mod.rs"), "use crate::data::X;\n").unwrap();
    std::fs::write(dir.join("error.rs"), "use crate::data::X;\n").unwrap();
    let mut bad = violations(&dir);
    bad.sort();
    assert_eq!(
        bad,
        [
            "data.rs imports crate::growth",
            "error.rs imports crate::data"
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
