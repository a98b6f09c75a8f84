use super::*;
use std::net::{Ipv4Addr, Ipv6Addr};

fn url(text: &str) -> Url {
    Url::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn refused(text: &str) -> Refused {
    AddressPolicy::strict()
        .check_url(&url(text))
        .expect_err(text)
}

#[test]
fn every_spelling_of_a_blocked_address_is_refused() {
    // What the url crate makes of each spelling is what reqwest would connect to.
    for (spelling, normalised, what) in [
        ("http://127.0.0.1/", "127.0.0.1", Blocked::Loopback),
        ("http://0x7f000001/", "127.0.0.1", Blocked::Loopback),
        ("http://2130706433/", "127.0.0.1", Blocked::Loopback),
        ("http://0177.0.0.1/", "127.0.0.1", Blocked::Loopback),
        ("http://017700000001/", "127.0.0.1", Blocked::Loopback),
        ("http://127.1/", "127.0.0.1", Blocked::Loopback),
        ("http://0x7f.1/", "127.0.0.1", Blocked::Loopback),
        ("http://127.0.0.1./", "127.0.0.1", Blocked::Loopback),
        (
            "http://127.255.255.254:2375/",
            "127.255.255.254",
            Blocked::Loopback,
        ),
        ("http://[::1]/", "[::1]", Blocked::Loopback),
        (
            "http://[::ffff:127.0.0.1]/",
            "[::ffff:7f00:1]",
            Blocked::Loopback,
        ),
        ("http://[::127.0.0.1]/", "[::7f00:1]", Blocked::Loopback),
        (
            "http://169.254.169.254/latest/meta-data/",
            "169.254.169.254",
            Blocked::LinkLocal,
        ),
        (
            "http://[::ffff:169.254.169.254]/",
            "[::ffff:a9fe:a9fe]",
            Blocked::LinkLocal,
        ),
        (
            "http://[64:ff9b::169.254.169.254]/",
            "[64:ff9b::a9fe:a9fe]",
            Blocked::LinkLocal,
        ),
        (
            "http://[2002:a9fe:a9fe::1]/",
            "[2002:a9fe:a9fe::1]",
            Blocked::LinkLocal,
        ),
        ("http://[fe80::1]/", "[fe80::1]", Blocked::LinkLocal),
        ("http://10.0.0.5/", "10.0.0.5", Blocked::PrivateNetwork),
        ("http://172.16.0.1/", "172.16.0.1", Blocked::PrivateNetwork),
        (
            "http://172.31.255.255/",
            "172.31.255.255",
            Blocked::PrivateNetwork,
        ),
        (
            "http://192.168.1.1/",
            "192.168.1.1",
            Blocked::PrivateNetwork,
        ),
        ("http://0xc0a80101/", "192.168.1.1", Blocked::PrivateNetwork),
        (
            "http://100.64.0.1/",
            "100.64.0.1",
            Blocked::SharedAddressSpace,
        ),
        (
            "http://100.127.255.255/",
            "100.127.255.255",
            Blocked::SharedAddressSpace,
        ),
        ("http://[fd00::1]/", "[fd00::1]", Blocked::UniqueLocal),
        ("http://[fc00::1]/", "[fc00::1]", Blocked::UniqueLocal),
        ("http://0.0.0.0/", "0.0.0.0", Blocked::Unspecified),
        ("http://0/", "0.0.0.0", Blocked::Unspecified),
        ("http://[::]/", "[::]", Blocked::Unspecified),
        ("http://224.0.0.1/", "224.0.0.1", Blocked::Multicast),
        ("http://[ff02::1]/", "[ff02::1]", Blocked::Multicast),
        (
            "http://255.255.255.255/",
            "255.255.255.255",
            Blocked::Broadcast,
        ),
        ("http://192.0.2.1/", "192.0.2.1", Blocked::Documentation),
        (
            "http://[2001:db8::1]/",
            "[2001:db8::1]",
            Blocked::Documentation,
        ),
        ("http://198.18.0.1/", "198.18.0.1", Blocked::Benchmarking),
        ("http://240.0.0.1/", "240.0.0.1", Blocked::Reserved),
    ] {
        let parsed = url(spelling);
        assert_eq!(
            parsed.host_str(),
            Some(normalised),
            "{spelling} is not read as expected"
        );
        let refusal = refused(spelling);
        assert_eq!(refusal.what, what, "{spelling}");
        assert!(refusal.to_string().contains(normalised), "{refusal}");
    }
}

#[test]
fn loopback_names_are_refused_without_dns() {
    for spelling in [
        "http://localhost/",
        "http://LOCALHOST:2375/containers/json",
        "http://localhost./",
        "http://feeds.localhost/",
    ] {
        assert_eq!(refused(spelling).what, Blocked::Loopback, "{spelling}");
    }
}

#[test]
fn public_addresses_and_names_pass() {
    let policy = AddressPolicy::strict();
    for fine in [
        "https://connect.biorxiv.org/biorxiv_xml/",
        "http://93.184.216.34/feed",
        "http://8.8.8.8/",
        "http://100.128.0.1/",
        "http://172.32.0.1/",
        "http://[2606:4700::1111]/",
        "http://[::ffff:8.8.8.8]/",
        "https://localhost.example.org/",
    ] {
        assert_eq!(policy.check_url(&url(fine)), Ok(()), "{fine}");
    }
}

#[test]
fn allowing_private_addresses_allows_everything() {
    let policy = AddressPolicy::allowing_private(true);
    for spelling in [
        "http://127.0.0.1:8080/",
        "http://localhost/",
        "http://[fd00::1]/",
    ] {
        assert_eq!(policy.check_url(&url(spelling)), Ok(()), "{spelling}");
    }
}

#[test]
fn the_test_exemption_covers_one_socket_address_only() {
    let public = SocketAddr::from((Ipv4Addr::LOCALHOST, 4000));
    let policy = AddressPolicy::strict().treating_as_public_for_tests(public);
    assert_eq!(policy.check_url(&url("http://127.0.0.1:4000/feed")), Ok(()));
    for still_refused in [
        "http://127.0.0.1:4001/",
        "http://127.0.0.2:4000/",
        "http://127.0.0.1/",
        "http://localhost:4000/",
    ] {
        assert!(
            policy.check_url(&url(still_refused)).is_err(),
            "{still_refused}"
        );
    }
    // Names being resolved have no port yet, so the exemption never applies to them.
    assert!(policy
        .check_ip(IpAddr::V4(Ipv4Addr::LOCALHOST), None)
        .is_err());
}

#[test]
fn ipv6_forms_of_public_ipv4_addresses_are_judged_by_them() {
    let mapped = |v4: Ipv4Addr| IpAddr::V6(v4.to_ipv6_mapped());
    assert_eq!(classify(mapped(Ipv4Addr::new(8, 8, 8, 8))), None);
    assert_eq!(
        classify(mapped(Ipv4Addr::new(10, 1, 2, 3))),
        Some(Blocked::PrivateNetwork)
    );
    assert_eq!(
        classify(IpAddr::V6(Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 1))),
        Some(Blocked::Reserved),
        "Teredo"
    );
}

#[tokio::test]
async fn a_name_resolving_to_loopback_is_refused_at_add_time_and_by_the_resolver() {
    let policy = AddressPolicy::strict();
    // Every address of a name is checked; one blocked address refuses it.
    let addresses = [
        SocketAddr::from(([93, 184, 216, 34], 0)),
        SocketAddr::from(([127, 0, 0, 1], 0)),
    ];
    let refusal = check_addresses(&policy, "rebind.example", &addresses).unwrap_err();
    assert_eq!(refusal.what, Blocked::Loopback);
    assert_eq!(refusal.host, "rebind.example (127.0.0.1)");

    let refusal = policy
        .check_url_resolving("http://localhost:9/")
        .await
        .unwrap_err();
    assert_eq!(refusal.what, Blocked::Loopback);
}

#[tokio::test]
async fn reqwest_asks_the_guarded_resolver_and_its_refusal_can_be_read_back() {
    let client = GuardedClient::new(
        &ClientSpec::new(Duration::from_secs(5), Duration::from_secs(5)),
        AddressPolicy::strict(),
    )
    .unwrap();
    // `get` refuses address literals before sending.
    assert_eq!(
        client.get("http://0x7f000001:9/").unwrap_err().what,
        Blocked::Loopback
    );
    // Past `get`, a name goes to the resolver, which refuses it; the reason survives reqwest.
    let error = client
        .client
        .get("http://localhost:9/")
        .send()
        .await
        .unwrap_err();
    let refusal = refusal_in(&error).expect("the guard's refusal in the cause chain");
    assert_eq!(refusal.what, Blocked::Loopback);
}

#[test]
fn operator_bases_must_be_https_unless_this_machine() {
    for fine in [
        "",
        "https://api.crossref.org",
        "wss://jetstream2.us-east.bsky.network/subscribe",
        "http://127.0.0.1:8080",
        "http://[::1]:9/v1",
        "http://localhost:3000",
        "ws://127.0.0.1:9/subscribe",
        "not a url",
    ] {
        assert_eq!(untrusted_base(fine), None, "{fine}");
    }
    for refused in [
        "http://api.crossref.org",
        "ws://jetstream.example/subscribe",
        "http://10.0.0.5:8080",
        "http://169.254.169.254/",
    ] {
        assert!(untrusted_base(refused).is_some(), "{refused}");
    }
}
