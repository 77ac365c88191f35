//! DX701: the final stage's `EXPOSE` does not match the port the service is configured with.

use distrolint_syntax::Keyword;

use crate::analysis::platform::{chain_env, chain_expose_instructions, chain_exposed, command_words, expose_ports, line_of};
use crate::diagnostic::{Edit, Fix};
use crate::model::Setting;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// In the final stage, compares the `EXPOSE`d ports with the port the service is told to
    /// use: the values of `ENV PORT=N` and `ENV <NAME>_PORT=N` (none of them exposed), the
    /// `127.0.0.1:N`, `localhost:N` or `('127.0.0.1', N)` that the `HEALTHCHECK` probes, and
    /// `--port N` or `--bind host:N` in `CMD`/`ENTRYPOINT`. Ports of other services
    /// (`DB_PORT`, `REDIS_PORT`, ...) and secondary ports (`METRICS_PORT`, ...) are ignored, and
    /// nothing is reported when a value is not known statically.
    ///
    /// ## Why is this bad?
    /// `EXPOSE` is what `docker run -P`, orchestrators and readers take as the service port.
    /// When it disagrees with the port the service listens on, the port is published wrong,
    /// and a health check built from it probes a port nobody listens on.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// ENV SERVICE_PORT=8090
    /// EXPOSE 8080
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// ENV SERVICE_PORT=8090
    /// EXPOSE 8090
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe, and only when every source agrees on one port and there is a single `EXPOSE`
    /// of a single port: it is rewritten to that port. Check which side is right.
    ///
    /// ## References
    /// - [EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
    pub ExposePortMismatch {
        code: "DX701",
        name: "expose-port-mismatch",
        severity: Warning,
        fix: Sometimes,
    }
}

/// `*_PORT` variables that name another service's port or a secondary port of this one.
const OTHER_PORTS: &[&str] = &[
    "DB", "DATABASE", "POSTGRES", "POSTGRESQL", "PG", "MYSQL", "MARIADB", "REDIS", "MONGO", "MONGODB", "RABBITMQ", "RABBIT",
    "AMQP", "KAFKA", "SMTP", "MAIL", "ELASTIC", "ELASTICSEARCH", "ES", "MEMCACHED", "ETCD", "CONSUL", "ZOOKEEPER", "ZK", "NATS",
    "INFLUX", "INFLUXDB", "CLICKHOUSE", "CASSANDRA", "MQTT", "LDAP", "PROXY", "UPSTREAM", "BACKEND", "REMOTE", "TARGET", "DEBUG",
    "METRICS", "PROMETHEUS", "ADMIN", "GATEWAY", "MANAGEMENT", "JMX", "DEBUGGER", "SSH", "GRPC_GATEWAY", "DOCKER", "KUBERNETES", "K8S",
];

impl Rule for ExposePortMismatch {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let Some(target) = model.target() else { return };
        let exposes = chain_expose_instructions(model, target.index);
        let Some(first_expose) = exposes.first().copied() else { return };
        let Some(exposed) = chain_exposed(model, target.index) else { return };
        let is_exposed = |port: u32| exposed.iter().any(|&(low, high)| low <= port && port <= high);
        let text = ctx.text();
        // (port, where it comes from)
        let mut evidence: Vec<(u32, String)> = Vec::new();
        // Any exposed `*PORT` value (another service's or a secondary one included) satisfies ENV.
        let env_ports: Vec<(u32, (&str, u32), bool)> = chain_env(model, target.index)
            .into_iter()
            .filter(|(name, ..)| *name == "PORT" || name.ends_with("_PORT"))
            .filter_map(|(name, value, _, range)| {
                let port = value?.trim().parse::<u32>().ok().filter(|p| (1..=65535).contains(p))?;
                Some((port, (name, range.start()), is_service_port(name)))
            })
            .collect();
        if !env_ports.iter().any(|(p, ..)| is_exposed(*p)) {
            evidence.extend(env_ports.into_iter().filter(|(port, _, own)| *own && !is_exposed(*port)).map(|(port, (name, at), _)| {
                (port, format!("`ENV {name}={port}` (line {})", line_of(text, at)))
            }));
        }
        let end = model.end_state(target.index);
        if let Setting::Instruction(h) = end.healthcheck {
            let probe = command_words(&model.instructions()[h]).join(" ");
            if let Some(port) = probed_port(&probe).filter(|p| !is_exposed(*p)) {
                evidence.push((port, format!("the HEALTHCHECK probing port {port} (line {})", line_of(text, model.instructions()[h].range.start()))));
            }
        }
        for setting in [end.entrypoint, end.cmd] {
            let Setting::Instruction(c) = setting else { continue };
            let ins = &model.instructions()[c];
            if let Some(port) = argv_port(&command_words(ins)).filter(|p| !is_exposed(*p)) {
                let what = if ins.keyword == Keyword::Cmd { "CMD" } else { "ENTRYPOINT" };
                evidence.push((port, format!("{what} listening on port {port} (line {})", line_of(text, ins.range.start()))));
            }
        }
        if evidence.is_empty() {
            return;
        }
        let ports: Vec<String> = exposed.iter().map(|&(l, h)| if l == h { l.to_string() } else { format!("{l}-{h}") }).collect();
        let sources: Vec<&str> = evidence.iter().map(|(_, s)| s.as_str()).collect();
        let message = format!(
            "EXPOSE {} does not match the port the service uses: {}; the port is published wrong and a health check built from EXPOSE probes the wrong port",
            ports.join(" "),
            sources.join(", ")
        );
        let expose = &model.instructions()[first_expose];
        let wanted = evidence[0].0;
        let agree = evidence.iter().all(|(p, _)| *p == wanted);
        let fix = match (exposes.as_slice(), expose.args.words()) {
            ([_], [word]) if agree && expose.line.is_contiguous(word.logical) => {
                let written = expose.text(word);
                let digits = written.bytes().take_while(u8::is_ascii_digit).count();
                (digits > 0 && expose_ports(written).is_some() && !written.contains([':', '-'])).then(|| {
                    let range = distrolint_syntax::TextRange::new(word.range.start(), word.range.start() + digits as u32);
                    Fix::unsafe_(format!("Expose port {wanted}"), vec![Edit::replace(range, wanted.to_string())])
                })
            }
            _ => None,
        };
        let range = expose.args_range;
        ctx.report(range, message).set_fix(fix);
    }
}

/// Whether an `ENV` name holds this service's own port (`PORT`, `LEDGER_PORT`), not another's (`DB_PORT`).
pub(crate) fn is_service_port(name: &str) -> bool {
    if name == "PORT" {
        return true;
    }
    let Some(prefix) = name.strip_suffix("_PORT") else { return false };
    !prefix.split('_').any(|part| OTHER_PORTS.contains(&part)) && !OTHER_PORTS.contains(&prefix)
}

/// The port a health check probes on the local host: `127.0.0.1:N`, `localhost:N`,
/// `('127.0.0.1', N)`.
fn probed_port(text: &str) -> Option<u32> {
    for host in ["127.0.0.1", "localhost", "0.0.0.0", "[::1]"] {
        let mut rest = text;
        while let Some(at) = rest.find(host) {
            let after = &rest[at + host.len()..];
            let after = after.trim_start_matches(['\'', '"']);
            let digits = if let Some(port) = after.strip_prefix(':') {
                port
            } else if let Some(port) = after.strip_prefix(',') {
                port.trim_start()
            } else {
                rest = &rest[at + host.len()..];
                continue;
            };
            let len = digits.bytes().take_while(u8::is_ascii_digit).count();
            if let Some(port) = digits[..len].parse::<u32>().ok().filter(|p| (1..=65535).contains(p)) {
                return Some(port);
            }
            rest = &rest[at + host.len()..];
        }
    }
    None
}

/// The port of `--port N`, `--port=N` or `--bind host:N` in an argv.
fn argv_port(words: &[String]) -> Option<u32> {
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        let value = match word.split_once('=') {
            Some(("--port" | "--bind", value)) => value.to_owned(),
            None if word == "--port" || word == "--bind" => iter.next()?.clone(),
            _ => continue,
        };
        let port = value.rsplit(':').next().unwrap_or(&value);
        if let Some(port) = port.parse::<u32>().ok().filter(|p| (1..=65535).contains(p)) {
            return Some(port);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{argv_port, is_service_port, probed_port};
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn every_source_is_compared() {
        let text = "FROM python:3.12-slim\nENV SERVICE_PORT=8090 DB_PORT=5432\nHEALTHCHECK CMD [\"python3\", \"-c\", \"import socket; socket.create_connection(('127.0.0.1', 8090))\"]\nEXPOSE 8080\nCMD [\"uvicorn\", \"main:app\", \"--port\", \"8090\"]\n";
        assert_diagnostics("DX701", text, &["4:8-4:12 EXPOSE 8080 does not match the port the service uses: `ENV SERVICE_PORT=8090` (line 2), the HEALTHCHECK probing port 8090 (line 3), CMD listening on port 8090 (line 5); the port is published wrong and a health check built from EXPOSE probes the wrong port"]);
        assert_eq!(fix_all("DX701", text, true).lines().nth(3), Some("EXPOSE 8090"));
        assert_eq!(fix_all("DX701", text, false), text);
    }

    #[test]
    fn matching_unknown_and_missing_expose_are_silent() {
        assert_diagnostics("DX701", "FROM a\nENV PORT=80 APP_PORT=8000\nEXPOSE 8000\n", &[]);
        assert_diagnostics("DX701", "FROM a\nENV APP_PORT=8000\nEXPOSE $P\n", &[]);
        assert_diagnostics("DX701", "FROM a\nENV APP_PORT=8000\n", &[]);
        assert_diagnostics("DX701", "FROM a\nENV REDIS_PORT=6379 METRICS_PORT=9100\nEXPOSE 8000-8010\nCMD gunicorn --bind 0.0.0.0:8005 app\n", &[]);
        // A secondary port that is exposed satisfies ENV; another service's port alone is no evidence.
        assert_diagnostics("DX701", "FROM a\nENV ADMIN_INTERFACE_PORT=8120 API_GATEWAY_PORT=8080\nEXPOSE 8120 8100\n", &[]);
        assert_diagnostics("DX701", "FROM a\nENV API_GATEWAY_PORT=8080 SUPPORT=1\nEXPOSE 3001\n", &[]);
        // Sources that disagree get no fix.
        let text = "FROM a\nENV APP_PORT=81\nEXPOSE 80\nCMD [\"app\", \"--port=82\"]\n";
        assert!(crate::test::lint_rule("DX701", text)[0].fix.is_none());
    }

    #[test]
    fn port_extraction() {
        assert_eq!(probed_port("curl -f http://localhost:8090/health"), Some(8090));
        assert_eq!(probed_port("s.connect_ex((\"127.0.0.1\", 8100))"), Some(8100));
        assert_eq!(probed_port("localhost/x"), None);
        assert_eq!(argv_port(&["--bind".into(), "0.0.0.0:8000".into()]), Some(8000));
        assert!(is_service_port("LEDGER_PORT") && is_service_port("PORT") && !is_service_port("POSTGRES_PORT") && !is_service_port("PORTS"));
    }
}
