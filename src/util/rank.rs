//! Places in a newest-first order, for sorting many lists of the same
//! pages: each list then sorts by one number per page instead of
//! comparing fields of pages scattered in memory.

/// Each entry's place among the entries with a key, newest first: by
/// date (descending), then title, then position. `None` keys get no
/// place.
pub fn newest_first<D: Ord>(keys: &[Option<(D, &str)>]) -> Vec<Option<u32>> {
    let mut order: Vec<usize> = (0..keys.len()).filter(|&i| keys[i].is_some()).collect();
    order.sort_by(|&a, &b| match (&keys[a], &keys[b]) {
        (Some((da, ta)), Some((db, tb))) => db.cmp(da).then_with(|| ta.cmp(tb)),
        _ => unreachable!("only entries with a key are ordered"),
    });
    let mut rank = vec![None; keys.len()];
    for (place, &i) in order.iter().enumerate() {
        rank[i] = Some(u32::try_from(place).expect("fewer than 4 billion pages"));
    }
    rank
}

#[cfg(test)]
mod tests {
    #[test]
    fn newest_first_then_by_title_then_in_order() {
        let keys = [
            Some((1, "b")),
            None,
            Some((2, "z")),
            Some((1, "a")),
            Some((1, "a")),
        ];
        assert_eq!(
            super::newest_first(&keys),
            [Some(3), None, Some(0), Some(1), Some(2)]
        );
    }
}
