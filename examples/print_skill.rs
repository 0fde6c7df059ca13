//! The library in a few lines: load the shipped notes (with a vault layered over them, if given),
//! and print a skill's steps with their guidance.
//!
//! cargo run --example print_skill -- [SKILL] [VAULT_DIR]
use repair_coach::vault::Vault;
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let name = args.next();
    let vault = Vault::load(args.next().map(PathBuf::from).as_deref())?;
    let skill = match &name {
        Some(name) => vault.skills().find(|s| s.name.eq_ignore_ascii_case(name)),
        None => vault.current_focus(),
    };
    let Some(skill) = skill else {
        anyhow::bail!("no such skill; `repair-coach skills` lists them");
    };
    println!("{}: {}", skill.name, skill.description);
    for (number, step) in skill.steps.iter().enumerate() {
        println!("{}. {}\n   → {}", number + 1, step.title, step.guidance);
    }
    Ok(())
}
