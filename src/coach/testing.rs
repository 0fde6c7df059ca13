//! The plan every unit test of the coach uses: the one `start` uses, from the shipped notes.
use super::Plan;
use crate::vault::Vault;

pub(crate) fn plan() -> Plan {
    Plan::from_vault(&Vault::shipped()).expect("the shipped notes make a plan")
}
