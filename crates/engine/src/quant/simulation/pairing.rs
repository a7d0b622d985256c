//! How each risk's simulated years are added into the register's years.
//!
//! The risks are independent, so any way of pairing risk *i*'s n years with the n
//! years of the total so far is valid, as long as, over the randomness of the pairing,
//! every year of the one meets every year of the other with the same probability 1/n.
//! Plain Monte Carlo pairs them at random (year t with year t). Under Latin hypercube
//! sampling each risk's own years are stratified, but a random pairing is not, and for
//! a sum of many risks the register's percentiles then improve little on plain Monte
//! Carlo: the pairing noise is of the same order as plain sampling's.
//!
//! So under LHS the pairing is stratified too. The n = a·b years of the total are
//! ordered by value and cut into a groups of b (a ≈ √n); the risk's years are cut into
//! b groups of a the same way. Every (total group, risk group) cell then receives
//! exactly one pair, like a Latin square: total group j takes one year from each risk
//! group, risk group g gives one year to each total group. Which year of a group goes
//! where is random (a random permutation and random offsets), so each pair still has
//! probability exactly 1/n and every expectation is the random pairing's; only the
//! variance changes. The boundary {total + risk ≤ q} then crosses about a + b of the n
//! cells instead of mixing all n pairs at random.
//!
//! Ordering uses integer keys of the values (exponent and the top mantissa bits of the
//! cents as f64) and a counting sort, O(n) per risk; ties and values within a bucket
//! stay in year order, which only widens the groups a little. Years are paired within
//! blocks of at most 65,536 (each side's years are in random order, so a block is a
//! random subset of each side and the 1/n still holds); a block stays in cache.
//!
//! The register's percentiles then need about 5× fewer trials than plain Monte Carlo
//! for the same precision, instead of about 1.7× with LHS and a random pairing
//! (BENCHMARKS.md). The order of the register's years is lost, which nothing uses: the
//! per-trial comparisons of the treatment view (ROSI, the optimiser) sum each risk's
//! own years, which keep their order.

use crate::quant::sampling::Stream;

/// The stream input of a risk's pairing (distinct from its model inputs).
pub const INPUT: u64 = 64;

#[derive(Default)]
pub struct Pairing {
    /// Each side's years of a block in increasing order of bucket.
    total_sorted: Vec<i64>,
    risk_sorted: Vec<i64>,
    counts: Vec<u32>,
    groups: Vec<u32>,
    offsets: Vec<u32>,
    /// The new total, swapped with the old.
    sum: Vec<i64>,
}

/// The number of groups of the total: the largest divisor of n not above √n.
pub fn total_groups(n: usize) -> usize {
    let mut a = (n as f64).sqrt() as usize;
    while a * a > n {
        a -= 1;
    }
    while a > 1 && !n.is_multiple_of(a) {
        a -= 1;
    }
    a.max(1)
}

/// Years are paired within blocks of at most this many (in year order; each side's
/// years are in random order, so a block is a random subset of each). A block's arrays
/// stay in cache, which at a million trials is most of the cost of pairing.
pub const BLOCK: usize = 1 << 16;

impl Pairing {
    /// Adds `risk` (cents per year) into `total` (cents per year), stratum by stratum,
    /// block by block. The total's years come out in a new order (within each block, by
    /// the groups of the old total): the order of the register's years means nothing
    /// once they are paired like this.
    pub fn add(&mut self, total: &mut Vec<i64>, risk: &[i64], stream: &mut Stream) {
        let n = total.len();
        assert_eq!(risk.len(), n, "a risk has as many years as the total");
        if n == 0 || risk.iter().all(|&c| c == 0) {
            return;
        }
        let blocks = n.div_ceil(BLOCK);
        let mut sum = std::mem::take(&mut self.sum);
        sum.resize(n, 0);
        for j in 0..blocks {
            let (low, high) = (j * n / blocks, (j + 1) * n / blocks);
            self.add_block(&total[low..high], &risk[low..high], &mut sum[low..high], stream);
        }
        self.sum = std::mem::replace(total, sum);
    }

    /// One block: `sum` gets `total` (reordered) plus `risk`, paired cell by cell.
    fn add_block(&mut self, total: &[i64], risk: &[i64], sum: &mut [i64], stream: &mut Stream) {
        let n = total.len();
        let a = total_groups(n);
        let b = n / a;
        let total_max = sort_by_bucket(total, &mut self.total_sorted, &mut self.counts);
        let risk_max = sort_by_bucket(risk, &mut self.risk_sorted, &mut self.counts);
        // Which risk group each position of a total group takes (ρ, shifted per group),
        // and which member of a risk group goes to total group j (j + c_g mod a).
        self.groups.clear();
        self.groups.extend(0..b as u32);
        for i in (1..b).rev() {
            self.groups.swap(i, stream.below(i as u32 + 1) as usize);
        }
        self.offsets.clear();
        self.offsets.extend((0..b).map(|_| stream.below(a as u32)));
        let cells = Cells {
            groups: &self.groups,
            offsets: &self.offsets,
            totals: &self.total_sorted,
            risk: &self.risk_sorted,
            a,
            b,
        };
        // Cents cannot overflow unless the two greatest values could (then they saturate).
        if total_max.checked_add(risk_max).is_some() {
            cells.pair(sum, stream, i64::wrapping_add);
        } else {
            cells.pair(sum, stream, i64::saturating_add);
        }
    }
}

/// A block's two sides in bucket order, and the random parts of the Latin square.
struct Cells<'a> {
    groups: &'a [u32],
    offsets: &'a [u32],
    totals: &'a [i64],
    risk: &'a [i64],
    a: usize,
    b: usize,
}

impl Cells<'_> {
    /// `sum` = each total year plus the risk year its cell gives it.
    #[inline]
    fn pair(&self, sum: &mut [i64], stream: &mut Stream, add: impl Fn(i64, i64) -> i64) {
        let Cells {
            groups,
            offsets,
            totals,
            risk,
            a,
            b,
        } = *self;
        for (j, (sums, totals)) in sum.chunks_exact_mut(b).zip(totals.chunks_exact(b)).enumerate() {
            let mut position = stream.below(b as u32) as usize;
            for (sum, &total) in sums.iter_mut().zip(totals) {
                let g = groups[position] as usize;
                position += 1;
                if position == b {
                    position = 0;
                }
                let mut y = j + offsets[g] as usize;
                if y >= a {
                    y -= a;
                }
                *sum = add(total, risk[g * a + y]);
            }
        }
    }
}

/// The bucket of a value in cents: 0 for nothing, else 1 + the octave of the value and
/// its top `bits` mantissa bits (positive doubles order as their bit patterns). Sums of
/// cents stay below 2^63, so there are at most 64 · 2^bits + 1 buckets.
#[inline]
fn bucket(cents: i64, bits: u32) -> usize {
    let raw = (cents.max(0) as f64).to_bits() >> (52 - bits);
    // 1.0 has the raw key 1023 << bits; zero has 0, and saturates to bucket 0.
    (raw + 1).saturating_sub(1023 << bits) as usize
}

/// Mantissa bits of the buckets for n years: about n / 128 buckets per octave, between
/// 4 and 9 bits (0.2% to 6% wide).
fn bucket_bits(n: usize) -> u32 {
    (usize::BITS - n.leading_zeros()).saturating_sub(8).clamp(4, 9)
}

/// Years without loss are common (rare risks): they are spread over this many buckets,
/// by year, so that counting them is not one long chain of increments of one counter.
const ZERO_BUCKETS: usize = 8;

/// The slot of year t: its bucket, with the zero bucket split by year.
#[inline]
fn slot(t: usize, cents: i64, bits: u32) -> usize {
    let b = bucket(cents, bits);
    if b == 0 { t % ZERO_BUCKETS } else { b + ZERO_BUCKETS - 1 }
}

/// The years in increasing order of their bucket (a counting sort, two passes), ties in
/// year order (the years without loss interleaved), as `place(year, value)`. Returns
/// the greatest value.
fn counting_sort<T: Copy + Default>(
    values: &[i64],
    out: &mut Vec<T>,
    counts: &mut Vec<u32>,
    place: impl Fn(usize, i64) -> T,
) -> i64 {
    let n = values.len();
    let bits = bucket_bits(n);
    // Counts are all zero between calls; only the slots used are summed and cleared.
    counts.resize((64 << bits) + ZERO_BUCKETS, 0);
    // The slots used lie between those of the least loss and the greatest (one pass
    // that vectorises).
    let (least, greatest) = values.iter().fold((i64::MAX, 0), |(l, g), &v| {
        (l.min(if v > 0 { v } else { i64::MAX }), g.max(v))
    });
    let last = slot(ZERO_BUCKETS, greatest, bits);
    let first = slot(ZERO_BUCKETS, least.min(greatest), bits);
    for (t, &v) in values.iter().enumerate() {
        counts[slot(t, v, bits)] += 1;
    }
    let mut start = 0;
    let (zero, rest) = counts.split_at_mut(ZERO_BUCKETS);
    // Without any loss, no slot beyond the zero buckets is used: the range must then be
    // empty (taking slot `ZERO_BUCKETS`, the one-cent bucket, would leave its count
    // stale for the next sort).
    let used: &mut [u32] = if last >= ZERO_BUCKETS {
        &mut rest[first - ZERO_BUCKETS..=last - ZERO_BUCKETS]
    } else {
        &mut []
    };
    for c in zero.iter_mut().chain(used) {
        let here = *c;
        *c = start;
        start += here;
    }
    out.clear();
    out.resize(n, T::default());
    for (t, &v) in values.iter().enumerate() {
        let next = &mut counts[slot(t, v, bits)];
        out[*next as usize] = place(t, v);
        *next += 1;
    }
    counts[..ZERO_BUCKETS].fill(0);
    if last >= ZERO_BUCKETS {
        counts[first..=last].fill(0);
    }
    greatest
}

/// The values in increasing order of their bucket; returns the greatest.
fn sort_by_bucket(values: &[i64], out: &mut Vec<i64>, counts: &mut Vec<u32>) -> i64 {
    counting_sort(values, out, counts, |_, v| v)
}

/// The years (indices) in increasing order of their value's bucket.
#[cfg(test)]
fn order_by_value(values: &[i64], order: &mut Vec<u32>, counts: &mut Vec<u32>) {
    counting_sort(values, order, counts, |t, _| t as u32);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_divide_the_trials() {
        assert_eq!(total_groups(100_000), 250);
        assert_eq!(total_groups(1_000_000), 1000);
        assert_eq!(total_groups(10_000), 100);
        assert_eq!(total_groups(7), 1);
        assert_eq!(total_groups(1), 1);
        for n in 1..500 {
            let a = total_groups(n);
            assert_eq!(n % a, 0);
            assert!(a * a <= n);
        }
    }

    #[test]
    fn ordering_is_by_value_up_to_the_key() {
        let values: Vec<i64> = (0..5000).map(|i: i64| (i * 7919) % 5003 * 1000).collect();
        let (mut order, mut counts) = (Vec::new(), Vec::new());
        order_by_value(&values, &mut order, &mut counts);
        let mut seen = order.clone();
        seen.sort();
        assert_eq!(seen, (0..5000).collect::<Vec<u32>>());
        for w in order.windows(2) {
            let (x, y) = (values[w[0] as usize], values[w[1] as usize]);
            let bits = bucket_bits(values.len());
            assert!(bucket(x, bits) <= bucket(y, bits));
            assert!(x <= y || bucket(x, bits) == bucket(y, bits));
        }
    }

    #[test]
    fn a_sort_without_loss_leaves_no_count_behind() {
        // A block without any loss used to leave the one-cent bucket's count set, and
        // the next sort holding a one-cent value then wrote past its output.
        let (mut out, mut counts) = (Vec::new(), Vec::new());
        for n in [1usize, 7, 1000] {
            sort_by_bucket(&vec![0; n], &mut out, &mut counts);
            assert!(counts.iter().all(|&c| c == 0), "n = {n}");
            let values: Vec<i64> = (0..n as i64).map(|t| if t % 3 == 0 { 1 } else { t % 2 }).collect();
            sort_by_bucket(&values, &mut out, &mut counts);
            let mut expected = values.clone();
            expected.sort();
            assert_eq!(out, expected, "n = {n}");
            assert!(counts.iter().all(|&c| c == 0), "n = {n}");
        }
    }

    #[test]
    fn one_cent_years_meet_a_total_without_loss() {
        for n in [1usize, 6, 100, 70_000] {
            let mut stream = Stream::new(1, "R", INPUT);
            let mut pairing = Pairing::default();
            let mut total = vec![0; n];
            // One cent and more: the one-cent bucket is not the last one used.
            let risk: Vec<i64> = (0..n).map(|t| (t % 3) as i64).collect();
            pairing.add(&mut total, &risk, &mut stream);
            pairing.add(&mut total, &risk, &mut stream);
            assert_eq!(total.iter().sum::<i64>(), 2 * risk.iter().sum::<i64>(), "n = {n}");
            assert!(total.iter().all(|&c| (0..=4).contains(&c)), "n = {n}");
        }
    }

    #[test]
    fn every_year_of_each_side_is_used_once() {
        for n in [1usize, 6, 7, 100, 1000, 9973] {
            let mut stream = Stream::new(3, "R", INPUT);
            // The total's years carry their index in the high digits, the risk's in the low
            // ones: the sums show which years met.
            let mut total: Vec<i64> = (0..n as i64).map(|t| (1 + (t * 37) % n as i64) * 1_000_000).collect();
            let risk: Vec<i64> = (0..n as i64).map(|t| 1 + t).collect();
            let mut before = total.clone();
            Pairing::default().add(&mut total, &risk, &mut stream);
            let (mut totals, mut used): (Vec<i64>, Vec<i64>) =
                total.iter().map(|s| (s / 1_000_000 * 1_000_000, s % 1_000_000)).unzip();
            used.sort();
            totals.sort();
            before.sort();
            assert_eq!(used, risk, "n = {n}");
            assert_eq!(totals, before, "n = {n}");
        }
    }

    #[test]
    fn each_cell_gets_one_pair() {
        // A year's group is its place in the ordering by value, over b (total) or a (risk).
        let n = 10_000;
        let (a, b) = (total_groups(n), n / total_groups(n));
        let mut stream = Stream::new(9, "R", INPUT);
        let before: Vec<i64> = (0..n as i64).map(|t| (1 + (t * 7919) % n as i64) << 20).collect();
        let risk: Vec<i64> = (0..n as i64).map(|t| 1 + (t * 4001) % n as i64).collect();
        let (mut order, mut counts) = (Vec::new(), Vec::new());
        let mut group = |values: &[i64], size: usize| {
            order_by_value(values, &mut order, &mut counts);
            let mut g = vec![0; n];
            order
                .iter()
                .enumerate()
                .for_each(|(place, &t)| g[t as usize] = place / size);
            g
        };
        let (total_group, risk_group) = (group(&before, b), group(&risk, a));
        let year_of = |values: &[i64]| -> std::collections::HashMap<i64, usize> {
            values.iter().enumerate().map(|(t, &v)| (v, t)).collect()
        };
        let (total_year, risk_year) = (year_of(&before), year_of(&risk));
        let mut total = before.clone();
        Pairing::default().add(&mut total, &risk, &mut stream);
        let mut cells = vec![0u32; a * b];
        for s in &total {
            let (t, r) = (total_year[&(s >> 20 << 20)], risk_year[&(s & ((1 << 20) - 1))]);
            cells[total_group[t] * b + risk_group[r]] += 1;
        }
        assert!(cells.iter().all(|&c| c == 1));
    }

    #[test]
    fn every_pair_is_equally_likely() {
        // Over many pairings, each (total year, risk year) meets with probability 1/n.
        let n = 12;
        let mut met = vec![0u32; n * n];
        let runs = 60_000;
        let mut stream = Stream::new(5, "R", INPUT);
        let mut pairing = Pairing::default();
        for _ in 0..runs {
            let mut total: Vec<i64> = (0..n as i64).map(|t| (t + 1) * 1000).collect();
            let risk: Vec<i64> = (0..n as i64).map(|t| t + 1).collect();
            pairing.add(&mut total, &risk, &mut stream);
            for s in &total {
                met[(s / 1000 - 1) as usize * n + (s % 1000 - 1) as usize] += 1;
            }
        }
        let expected = runs as f64 / n as f64;
        let sd = (expected * (1.0 - 1.0 / n as f64)).sqrt();
        for &m in &met {
            assert!((m as f64 - expected).abs() < 5.0 * sd, "{m} against {expected}");
        }
    }
}
