// include_dir does not notice a newly added file under content/: ask cargo to rebuild when the folder changes.
fn main() {
    println!("cargo:rerun-if-changed=content");
}
