use super::*;
use chrono::TimeZone as _;

/// Three weeks of a topic with a daily rhythm (busy afternoons, quiet nights), a quieter weekend
/// and a sharp peak at 20:00 every day (a weekly-chat-like regular event).
fn rhythm(days: usize) -> Vec<u32> {
    (0..days * 24)
        .map(|h| {
            let hour = h % 24;
            let weekend = matches!((h / 24) % 7, 5 | 6);
            let base = if (9..18).contains(&hour) { 6 } else { 2 };
            let peak = if hour == 20 { 30 } else { 0 };
            let n = base + peak + (h * 7 % 3) as u32;
            if weekend {
                n / 2
            } else {
                n
            }
        })
        .collect()
}

fn hour() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 14, 0, 0).unwrap()
}

#[test]
fn two_posts_are_never_a_surge() {
    let mut counts = vec![0; 24 * 21];
    counts.push(2);
    assert_eq!(assess(&counts, Sensitivity::High), None);
    let mut counts = vec![0; 24 * 21];
    counts.extend([2, 2]);
    assert_eq!(assess(&counts, Sensitivity::High), None);
}

#[test]
fn a_regular_daily_peak_is_usual() {
    let counts = rhythm(21);
    for end in 24 * 8..counts.len() {
        assert_eq!(
            assess(&counts[..=end], Sensitivity::Normal),
            None,
            "hour {end} flagged"
        );
    }
}

#[test]
fn a_sudden_rise_is_a_surge_from_its_second_hour_with_its_start() {
    let mut counts = rhythm(21);
    let t = counts.len() - 1;
    // The last two hours of a quiet Sunday night (one or two authors usually) have 10 and 30.
    counts[t - 1] = 10;
    counts[t] = 30;
    let surges = detect(
        &[TopicSeries {
            topic: Topic {
                kind: TopicKind::Drug,
                name: "semaglutide".into(),
            },
            counts: counts.clone(),
        }],
        hour(),
        Sensitivity::Normal,
    );
    assert_eq!(surges.len(), 1, "{surges:?}");
    let surge = &surges[0];
    assert_eq!(surge.now, 30);
    assert!(surge.usual < 6.0, "usual {}", surge.usual);
    assert!(surge.score > 4.0, "score {}", surge.score);
    assert_eq!(surge.started, hour() - Duration::hours(1));
    // Its first hour alone is not enough at this size...
    assert_eq!(assess(&counts[..t], Sensitivity::Normal), None);
    // ...but a much larger first hour is.
    counts[t - 1] = 60;
    assert!(assess(&counts[..t], Sensitivity::Normal).is_some());
}

#[test]
fn without_a_day_of_history_nothing_is_judged() {
    let mut counts = vec![1; 20];
    counts.push(80);
    assert_eq!(assess(&counts, Sensitivity::High), None);
    let mut counts = vec![1; 30];
    counts.extend([80, 80]);
    assert!(assess(&counts, Sensitivity::Normal).is_some());
}

#[test]
fn the_same_hour_last_week_is_usual_too() {
    // Quiet every day, except a weekly chat on one evening: after two weeks it is no surge.
    let mut counts = vec![2u32; 24 * 22];
    for week in 0..3 {
        let at = week * 24 * 7 + 24 * 7 + 20;
        counts[at] = 40;
        counts[at - 1] = 30;
    }
    let last_chat = 2 * 24 * 7 + 24 * 7 + 20;
    assert_eq!(
        assess(&counts[..=last_chat], Sensitivity::Normal),
        None,
        "third weekly chat flagged"
    );
}

#[test]
fn sensitivities_parse_and_order() {
    assert_eq!(Sensitivity::parse("HIGH"), Ok(Sensitivity::High));
    assert_eq!(Sensitivity::parse(""), Ok(Sensitivity::Normal));
    assert!(Sensitivity::parse("extreme").is_err());
    let (low, high) = (
        Sensitivity::Low.thresholds(),
        Sensitivity::High.thresholds(),
    );
    assert!(low.min_authors > high.min_authors && low.ratio > high.ratio && low.score > high.score);
}

#[test]
fn the_naive_rule_compares_whole_days() {
    let mut counts = vec![1u32; 48];
    assert!(!naive_day_over_day(&counts, 5));
    counts[47] = 80;
    assert!(naive_day_over_day(&counts, 5));
}

#[test]
fn a_channel_follows_only_the_topics_it_lists() {
    use super::topics::TopicFilter;
    let topic = |kind, name: &str| Topic {
        kind,
        name: name.to_owned(),
    };
    let filter = TopicFilter::parse(" #CardioTwitter , Semaglutide,, heart  failure ").unwrap();
    assert_eq!(
        filter.to_text(),
        "#cardiotwitter, semaglutide, heart failure"
    );
    assert!(filter.follows(&topic(TopicKind::Hashtag, "cardiotwitter")));
    assert!(filter.follows(&topic(TopicKind::Drug, "Semaglutide")));
    assert!(filter.follows(&topic(TopicKind::Disease, "Heart failure")));
    assert!(!filter.follows(&topic(TopicKind::Hashtag, "meded")));
    assert!(!filter.follows(&topic(TopicKind::Drug, "Metformin")));
    assert!(TopicFilter::parse("")
        .unwrap()
        .follows(&topic(TopicKind::Drug, "Metformin")));
    assert!(TopicFilter::parse("#med ed").is_err());
    assert!(TopicFilter::parse("aspirin\u{202E}").is_err());
    let many: Vec<String> = (0..30).map(|i| format!("drug{i}")).collect();
    assert!(TopicFilter::parse(&many.join(",")).is_err());
}

/// A flat topic of about `level` authors an hour, with a small deterministic wobble.
fn flat(days: usize, level: u32) -> Vec<u32> {
    (0..days * 24)
        .map(|h| level - 1 + (h * 7 % 3) as u32)
        .collect()
}

#[test]
fn a_holiday_a_week_ago_does_not_make_today_a_surge() {
    // Day 8 was a holiday at a fifth of the usual volume; a week later is an ordinary day. Scaled
    // by that holiday, today would look three times busier than usual all day long.
    let mut counts = flat(16, 30);
    for c in &mut counts[8 * 24..9 * 24] {
        *c /= 5;
    }
    for end in 15 * 24..counts.len() {
        assert_eq!(
            assess(&counts[..=end], Sensitivity::Normal),
            None,
            "hour {end} flagged"
        );
    }
}

#[test]
fn a_plateau_is_not_a_surge_but_a_rise_on_top_of_it_is() {
    // Two weeks at ten an hour, then a conference: 2.5 times that, reached over a day, for days.
    let mut counts = flat(14, 10);
    for h in 0..4 * 24u32 {
        let up = (f64::from(h) / 24.0).min(1.0);
        counts.push((f64::from(9 + h * 7 % 3) * (1.0 + 1.5 * up)).round() as u32);
    }
    for end in 15 * 24..counts.len() {
        assert_eq!(
            assess(&counts[..=end], Sensitivity::Normal),
            None,
            "plateau hour {end} flagged"
        );
    }
    // News breaking during the conference: three times the plateau for two hours.
    counts.extend([75, 75]);
    assert!(assess(&counts, Sensitivity::Normal).is_some());
}
