//! `brake approvals`: held commands waiting for a human's `brake approve`, and approvals granted
//! but not yet used, with how long each stays valid.

use brake::approval::code;
use brake::approval::store::{Status, Store};
use brake::report::text::one_line;

pub fn run() -> u8 {
    let records = match Store::open().and_then(|s| s.list()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("brake: cannot read the approval store: {e}");
            return 2;
        }
    };
    if records.is_empty() {
        println!("Nothing is waiting for approval.");
        return 0;
    }
    let now = brake::statefile::now();
    println!(
        "{:<10} {:<9} {:>7}  COMMAND (DIRECTORY)",
        "CODE", "STATUS", "EXPIRES"
    );
    for r in records {
        let status = match r.status {
            Status::Pending => "pending",
            Status::Approved => "approved",
        };
        let left = r.expires.saturating_sub(now);
        println!(
            "{:<10} {:<9} {:>7}  {} ({})",
            code::display(&r.code),
            status,
            format!("{}m{:02}s", left / 60, left % 60),
            one_line(&r.command),
            r.cwd
        );
    }
    0
}
