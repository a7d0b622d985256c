//! Order statistics of many positive values by a histogram: one pass counts the values
//! per bucket (the exponent and top mantissa bits of each value, which order positive
//! doubles), a second gathers only the values of the buckets that hold a wanted rank,
//! and those few are sorted. Two sequential passes, where selection (quickselect for
//! each of twenty ranks) makes several, and the same in the browser as natively.

/// Below this many values, sorting a copy is as quick.
const SMALL: usize = 2048;
/// Most buckets.
const MAX_BUCKETS: u64 = 1 << 16;

/// The values at `ranks` (increasing, each below `values.len()`) of `values` (finite,
/// positive) in increasing order, and for each of `tails` the sum of the values from
/// that rank up.
pub fn order_statistics(values: &[f64], ranks: &[usize], tails: &[usize]) -> (Vec<f64>, Vec<f64>) {
    let m = values.len();
    debug_assert!(ranks.windows(2).all(|w| w[0] < w[1]) && ranks.last().is_none_or(|&r| r < m));
    if m <= SMALL {
        let mut sorted = values.to_vec();
        sorted.sort_unstable_by(f64::total_cmp);
        return (
            ranks.iter().map(|&r| sorted[r]).collect(),
            tails.iter().map(|&t| sorted[t.min(m)..].iter().sum()).collect(),
        );
    }
    let key = |x: f64| x.to_bits() >> 44;
    let (low, high) = values
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(l, h), &x| (l.min(x), h.max(x)));
    let first = key(low);
    let mut shift = 0;
    while (key(high) - first) >> shift >= MAX_BUCKETS {
        shift += 1;
    }
    let bucket = |x: f64| ((key(x) - first) >> shift) as usize;
    let mut counts = vec![0u32; ((key(high) - first) >> shift) as usize + 1];
    for &x in values {
        counts[bucket(x)] += 1;
    }
    // Each wanted rank's bucket, and how many values lie in the buckets below it.
    let wanted: Vec<usize> = {
        let mut w: Vec<usize> = ranks.iter().chain(tails.iter().filter(|&&t| t < m)).copied().collect();
        w.sort_unstable();
        w.dedup();
        w
    };
    let mut place = vec![(0usize, 0usize); wanted.len()];
    let (mut b, mut below) = (0, 0);
    for (i, &r) in wanted.iter().enumerate() {
        while below + counts[b] as usize <= r {
            below += counts[b] as usize;
            b += 1;
        }
        place[i] = (b, below);
    }
    // The buckets to gather, numbered from 1 (0: not wanted).
    let mut slot = vec![0u16; counts.len()];
    let mut gathered: Vec<Vec<f64>> = Vec::new();
    for &(b, _) in &place {
        if slot[b] == 0 {
            gathered.push(Vec::with_capacity(counts[b] as usize));
            slot[b] = gathered.len() as u16;
        }
    }
    // Tails: the sum of the values in the buckets above the tail's own.
    let tail_buckets: Vec<usize> = tails
        .iter()
        .map(|&t| {
            if t < m {
                place[wanted.binary_search(&t).expect("wanted")].0
            } else {
                usize::MAX
            }
        })
        .collect();
    let mut above = vec![0.0; tails.len()];
    for &x in values {
        let b = bucket(x);
        let s = slot[b];
        if s != 0 {
            gathered[s as usize - 1].push(x);
        }
        for (sum, &tb) in above.iter_mut().zip(&tail_buckets) {
            *sum += if b > tb { x } else { 0.0 };
        }
    }
    for g in &mut gathered {
        g.sort_unstable_by(f64::total_cmp);
    }
    let in_bucket = |r: usize| {
        let (b, below) = place[wanted.binary_search(&r).expect("wanted")];
        (&gathered[slot[b] as usize - 1], r - below)
    };
    let at = ranks.iter().map(|&r| {
        let (g, i) = in_bucket(r);
        g[i]
    });
    let sums = tails.iter().zip(&above).map(|(&t, &sum)| {
        if t >= m {
            return 0.0;
        }
        let (g, i) = in_bucket(t);
        sum + g[i..].iter().sum::<f64>()
    });
    (at.collect(), sums.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_and_tails_match_a_full_sort() {
        let mut s = crate::quant::sampling::Stream::new(2, "order", 0);
        let heavy = |s: &mut crate::quant::sampling::Stream| (1.0 / (1.0 - s.unit())).powi(3) * 0.01;
        for (m, kind) in [(10, 0), (2048, 0), (2049, 0), (100_000, 0), (100_000, 1), (50_000, 2)] {
            let values: Vec<f64> = (0..m)
                .map(|_| match kind {
                    0 => heavy(&mut s),
                    // A few distinct values, many ties.
                    1 => (1 + s.below(5)) as f64 * 1000.0,
                    // Spread over 300 octaves (the buckets must be merged).
                    _ => 2f64.powf(-150.0 + 300.0 * s.unit()),
                })
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let ranks: Vec<usize> = [0, 1, m / 10, m / 2, m / 2 + 1, 9 * m / 10, m - 2, m - 1]
                .into_iter()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let tails = [m - m / 20, m - m / 100, m - 1, m];
            let (at, sums) = order_statistics(&values, &ranks, &tails);
            for (&r, &v) in ranks.iter().zip(&at) {
                assert_eq!(v, sorted[r], "m {m} kind {kind} rank {r}");
            }
            for (&t, &sum) in tails.iter().zip(&sums) {
                let direct: f64 = sorted[t..].iter().sum();
                assert!(
                    (sum - direct).abs() <= 1e-10 * direct.abs().max(1e-300),
                    "m {m} kind {kind} tail {t}: {sum} vs {direct}"
                );
            }
        }
    }
}
