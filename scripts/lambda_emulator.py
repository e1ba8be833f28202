"""Runs the functions `sam build` built the way `sam local invoke` would, without a container
engine: each `bootstrap` under the Lambda Runtime Interface Emulator from the aws-sam-cli wheel,
bound to 127.0.0.1, with the environment template.yaml gives that function. Every `!Ref`,
`!GetAtt`, `!Sub`, `!Join` and `!If` is resolved against resources created in a moto server
(DynamoDB tables and SQS queues as the template declares them, the state machine, provider-key
secrets in Secrets Manager), so a function reads and writes real tables and queues.

  python3 scripts/lambda_emulator.py invoke FUNCTION EVENT      one event, prints the answer
  python3 scripts/lambda_emulator.py run-all [--table FILE]     every function x events/<fn>/*.json,
                                                                checked against the expectations
  python3 scripts/lambda_emulator.py logical-id FUNCTION        the template's id of a function
  python3 scripts/lambda_emulator.py check-aarch64 BUILD_DIR    every */bootstrap there is an
                                                                aarch64 ELF (an arm64 build)
  python3 scripts/lambda_emulator.py env FUNCTION               its resolved environment, KEY=VALUE
                                                                lines (for `cargo lambda watch --env-file`)

FUNCTION is a folder under functions/ (`get-task`) or a logical id (`GetTaskFunction`). The
moto server is $AWS_ENDPOINT_URL. The artifacts are read from $SAM_BUILD_DIR (default
.aws-sam/build). Expectations: scripts/emulator-expectations.tsv (see its header).
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import yaml

ROOT = Path(__file__).resolve().parent.parent
# `run-all` expects the answers of a fresh stack: it names its resources apart on every run, so a
# moto server holding an earlier run's items (or those `invoke` left by hand) changes nothing.
STACK = "ai-analysis-backend-emulated" + (f"-{os.getpid()}" if sys.argv[1:2] == ["run-all"] else "")
REGION = "us-east-1"
ACCOUNT = "123456789012"
# The parameters CI deploys with for trying the product (samconfig's dev section), plus the x86_64
# architecture this machine runs and a provider-key secret so the secret read at init is exercised.
PARAMETERS = {
    "Stage": "dev",
    "LogLevel": "WARN",
    "LlmOffline": "true",
    "Architecture": "x86_64",
    "OpenAiApiKeySecret": f"{STACK}/openai-api-key",
}
# The API key the events present (`x-api-key` / `Authorization: Bearer`), and its tenant: the
# same pair the unit tests' fixtures hold.
FIXTURE_KEY = "fixture-key-not-a-secret"
FIXTURE_TENANT = "acme-health"
EXPECTATIONS = ROOT / "scripts" / "emulator-expectations.tsv"


# ---------------------------------------------------------------- template


class Tagged:
    """A CloudFormation short-form intrinsic (`!Ref X`) as read from YAML."""

    def __init__(self, tag, value):
        self.tag, self.value = tag, value


def _construct(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged(suffix, value)


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", _construct)


def load_template():
    with open(ROOT / "template.yaml", encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)  # noqa: S506 - SafeLoader subclass with intrinsic tags only


def functions(template):
    """Logical id → properties of every AWS::Serverless::Function."""
    return {
        lid: r.get("Properties", {})
        for lid, r in template["Resources"].items()
        if r["Type"] == "AWS::Serverless::Function"
    }


def logical_id(template, name):
    for lid, props in functions(template).items():
        if name in (lid, props.get("CodeUri", "").removeprefix("functions/")):
            return lid
    sys.exit(f"no function {name!r} in template.yaml (a folder under functions/ or a logical id)")


def folder(template, lid):
    return functions(template)[lid]["CodeUri"].removeprefix("functions/")


class Resolver:
    """Resolves intrinsics against the parameters and the physical resources in moto."""

    def __init__(self, template, physical):
        self.template = template
        self.params = {k: str(v.get("Default", "")) for k, v in template.get("Parameters", {}).items()}
        self.params.update(PARAMETERS)
        self.physical = physical  # logical id -> {"Ref": ..., "Arn": ..., attribute: ...}
        self.pseudo = {
            "AWS::StackName": STACK,
            "AWS::Region": REGION,
            "AWS::AccountId": ACCOUNT,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }

    def ref(self, name):
        if name in self.params:
            return self.params[name]
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.physical:
            return self.physical[name]["Ref"]
        raise KeyError(f"!Ref {name}: not a parameter or a resource the emulator created")

    def get_att(self, name, attribute):
        try:
            return self.physical[name][attribute]
        except KeyError:
            raise KeyError(f"!GetAtt {name}.{attribute}: not created in the emulator") from None

    def condition(self, name):
        return bool(self.value(self.template["Conditions"][name]))

    def value(self, v):
        """The resolved value; `None` stands for AWS::NoValue."""
        if isinstance(v, Tagged):
            return self.intrinsic("Fn::" + v.tag if v.tag != "Ref" else "Ref", v.value)
        if isinstance(v, dict) and len(v) == 1:
            (key, arg), = v.items()
            if key == "Ref" or key.startswith("Fn::") or key == "Condition":
                return self.intrinsic(key, arg)
        if isinstance(v, dict):
            return {k: r for k, r in ((k, self.value(x)) for k, x in v.items()) if r is not None}
        if isinstance(v, list):
            return [r for r in (self.value(x) for x in v) if r is not None]
        return v

    def intrinsic(self, key, arg):
        if key == "Ref":
            return None if arg == "AWS::NoValue" else self.ref(arg)
        if key == "Condition":
            return self.condition(arg)
        if key == "Fn::GetAtt":
            name, attribute = arg.split(".", 1) if isinstance(arg, str) else arg
            return self.get_att(name, attribute)
        if key == "Fn::Sub":
            text, extra = (arg, {}) if isinstance(arg, str) else (arg[0], self.value(arg[1]))

            def sub(m):
                token = m.group(1)
                if token in extra:
                    return str(extra[token])
                if "." in token:
                    return str(self.get_att(*token.split(".", 1)))
                return str(self.ref(token))

            return re.sub(r"\$\{([^}!]+)\}", sub, text)
        if key == "Fn::Join":
            sep, items = arg
            items = self.value(items)
            return sep.join(str(i) for i in (items if isinstance(items, list) else items.split(",")))
        if key == "Fn::If":
            name, yes, no = arg
            return self.value(yes if self.condition(name) else no)
        if key == "Fn::Equals":
            a, b = (self.value(x) for x in arg)
            return str(a) == str(b)
        if key == "Fn::Not":
            return not self.value(arg[0])
        if key == "Fn::And":
            return all(self.value(x) for x in arg)
        if key == "Fn::Or":
            return any(self.value(x) for x in arg)
        if key == "Fn::Select":
            index, items = arg
            return self.value(items)[int(self.value(index))]
        if key == "Fn::Split":
            sep, text = arg
            return str(self.value(text)).split(sep)
        raise KeyError(f"{key} is not resolved by the emulator")

    def environment(self, lid):
        """The function's variables: Globals.Function.Environment overlaid by its own."""
        merged = dict(self.template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {}))
        merged.update(functions(self.template)[lid].get("Environment", {}).get("Variables", {}))
        env = {}
        for name, raw in merged.items():
            resolved = self.value(raw)
            if resolved is not None:
                env[name] = str(resolved).lower() if isinstance(resolved, bool) else str(resolved)
        return env


# ---------------------------------------------------------------- moto


def clients(endpoint):
    kw = dict(
        endpoint_url=endpoint, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test"
    )
    return {name: boto3.client(name, **kw) for name in ("dynamodb", "sqs", "stepfunctions", "secretsmanager")}


def provision(template, endpoint):
    """Creates the template's tables, queues, state machines and the parameters' secrets in moto
    (idempotent: what exists is reused). Returns the physical ids by logical id."""
    c = clients(endpoint)
    physical = {}
    resources = template["Resources"]
    # Names that need no call: functions, log groups, the API, alarms.
    for lid, r in resources.items():
        kind = r["Type"]
        if kind in ("AWS::Serverless::Function", "AWS::Lambda::Function"):
            name = f"{STACK}-{lid}"
            physical[lid] = {"Ref": name, "Arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"}
        elif kind not in ("AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::Serverless::StateMachine"):
            physical[lid] = {"Ref": f"{STACK}-{lid}", "Arn": f"arn:aws:emulated:{REGION}:{ACCOUNT}:{lid}"}
    resolver = Resolver(template, physical)
    existing_tables = set(c["dynamodb"].list_tables()["TableNames"])
    for lid, r in resources.items():
        if r["Type"] != "AWS::DynamoDB::Table":
            continue
        p = resolver.value(r["Properties"])
        name = p.get("TableName", f"{STACK}-{lid}")
        if name not in existing_tables:
            args = {
                "TableName": name,
                "AttributeDefinitions": p["AttributeDefinitions"],
                "KeySchema": p["KeySchema"],
                "BillingMode": "PAY_PER_REQUEST",
            }
            if p.get("GlobalSecondaryIndexes"):
                args["GlobalSecondaryIndexes"] = [
                    {k: g[k] for k in ("IndexName", "KeySchema", "Projection")} for g in p["GlobalSecondaryIndexes"]
                ]
            c["dynamodb"].create_table(**args)
            ttl = p.get("TimeToLiveSpecification")
            if ttl:
                c["dynamodb"].update_time_to_live(
                    TableName=name, TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": True}
                )
        arn = c["dynamodb"].describe_table(TableName=name)["Table"]["TableArn"]
        physical[lid] = {"Ref": name, "Arn": arn}
    # Queues: all first, then the attributes that name each other (RedrivePolicy → a DLQ's ARN).
    queues = [(lid, r) for lid, r in resources.items() if r["Type"] == "AWS::SQS::Queue"]
    for lid, r in queues:
        name = f"{STACK}-{lid}"
        url = c["sqs"].create_queue(QueueName=name)["QueueUrl"]
        arn = c["sqs"].get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        physical[lid] = {"Ref": url, "Arn": arn, "QueueName": name, "QueueUrl": url}
    for lid, r in queues:
        p = resolver.value(r.get("Properties", {}))
        attributes = {
            k: json.dumps(v) if isinstance(v, dict) else str(v)
            for k, v in p.items()
            if k in ("VisibilityTimeout", "MessageRetentionPeriod", "RedrivePolicy", "DelaySeconds")
        }
        if attributes:
            c["sqs"].set_queue_attributes(QueueUrl=physical[lid]["Ref"], Attributes=attributes)
    machines = {m["name"]: m["stateMachineArn"] for m in c["stepfunctions"].list_state_machines()["stateMachines"]}
    for lid, r in resources.items():
        if r["Type"] != "AWS::Serverless::StateMachine":
            continue
        name = f"{STACK}-{lid}"
        p = r["Properties"]
        definition = (ROOT / p["DefinitionUri"]).read_text(encoding="utf-8")
        for key, v in p.get("DefinitionSubstitutions", {}).items():
            definition = definition.replace("${" + key + "}", str(resolver.value(v)))
        arn = machines.get(name) or c["stepfunctions"].create_state_machine(
            name=name, definition=definition, roleArn=f"arn:aws:iam::{ACCOUNT}:role/{name}"
        )["stateMachineArn"]
        physical[lid] = {"Ref": arn, "Arn": arn, "Name": name}
    # Every parameter that names a secret, and is set, gets one in Secrets Manager.
    for param, value in resolver.params.items():
        if param.endswith(("SecretName", "Secret")) and value:
            try:
                c["secretsmanager"].create_secret(Name=value, SecretString="sk-emulated-not-a-key")
            except c["secretsmanager"].exceptions.ResourceExistsException:
                pass
    seed(c, physical)
    return physical


def seed(c, physical):
    """The state the events presume: the fixtures' API key, for the fixtures' tenant."""
    c["dynamodb"].put_item(
        TableName=physical["ApiKeysTable"]["Ref"],
        Item={
            "keyHash": {"S": hashlib.sha256(FIXTURE_KEY.encode()).hexdigest()},
            "tenantId": {"S": FIXTURE_TENANT},
            "label": {"S": "fixture"},
            "createdAtMs": {"N": "1795388400000"},
            "disabled": {"BOOL": False},
        },
    )


# ---------------------------------------------------------------- the emulator


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rie_binary():
    import samcli  # the aws-sam-cli wheel ships the emulator next to its `sam local` code

    arch = {"x86_64": "x86_64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)
    path = Path(samcli.__file__).parent / "local" / "rapid" / f"aws-lambda-rie-{arch}"
    if not path.exists():
        sys.exit(f"no {path.name} in the aws-sam-cli wheel")
    if not os.access(path, os.X_OK):
        path.chmod(0o755)
    return path


# How many times its template timeout a function gets when it runs under qemu.
QEMU_TIMEOUT_SCALE = 10


def is_aarch64(bootstrap):
    """Whether `bootstrap` is an aarch64 ELF: its header's e_machine (bytes 18-19) is 0xB7."""
    with open(bootstrap, "rb") as f:
        return f.read(20)[18:20] == b"\xb7\x00"


def check_aarch64(build):
    """Every function's bootstrap under `build` is an aarch64 ELF, so an arm64 `sam build`'s
    Architecture parameter reached cargo. Prints what it found; 0 when all are."""
    built = sorted(Path(build).glob("*/bootstrap"))
    wrong = [str(p) for p in built if not is_aarch64(p)]
    print(f"{len(built)} arm64 bootstraps; not aarch64: {wrong or 'none'}")
    return 1 if wrong or not built else 0


def bootstrap_command(bootstrap):
    """How the emulator starts `bootstrap`: as it is, or, for an aarch64 build on an x86_64
    machine (the template's default architecture, cross-compiled by CI), under qemu's user-mode
    emulator with Debian's aarch64 C library (`qemu-user-static`, `libc6-arm64-cross`, which
    scripts/test.sh installs). The function's code then runs as built for Graviton; its timings
    are qemu's, not the function's."""
    if not is_aarch64(bootstrap) or os.uname().machine == "aarch64":
        return [str(bootstrap)]
    qemu, sysroot = shutil.which("qemu-aarch64-static"), Path("/usr/aarch64-linux-gnu")
    if not qemu or not (sysroot / "lib" / "libc.so.6").exists():
        sys.exit(f"{bootstrap} is an aarch64 build: install qemu-user-static and libc6-arm64-cross to run it here")
    return [qemu, "-L", str(sysroot), str(bootstrap)]


def build_dir():
    return Path(os.environ.get("SAM_BUILD_DIR", ROOT / ".aws-sam" / "build"))


class Emulated:
    """One function's bootstrap under the emulator, cold until its first invocation."""

    def __init__(self, template, resolver, lid):
        self.lid = lid
        props = functions(template)[lid]
        glob = template.get("Globals", {}).get("Function", {})
        self.bootstrap = build_dir() / lid / "bootstrap"
        if not self.bootstrap.exists():
            sys.exit(f"{self.bootstrap} is missing: run `sam build` first (scripts/test.sh does)")
        command = bootstrap_command(self.bootstrap)
        self.under_qemu = len(command) > 1
        timeout_scale = QEMU_TIMEOUT_SCALE if self.under_qemu else 1
        port, api_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{port}/2015-03-31/functions/function/invocations"
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "AWS_ENDPOINT_URL": os.environ["AWS_ENDPOINT_URL"],
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_LAMBDA_FUNCTION_NAME": resolver.physical[lid]["Ref"],
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(props.get("MemorySize", glob.get("MemorySize", 128))),
            # Under qemu the function's code runs several times slower than on its own
            # architecture, so it gets QEMU_TIMEOUT_SCALE times its timeout there.
            "AWS_LAMBDA_FUNCTION_TIMEOUT": str(int(props.get("Timeout", glob.get("Timeout", 3))) * timeout_scale),
            "_HANDLER": str(props.get("Handler", glob.get("Handler", "bootstrap"))),
        }
        env.update(resolver.environment(lid))
        self.log = tempfile.NamedTemporaryFile(prefix=f"rie-{lid}-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [
                str(rie_binary()),
                "--runtime-interface-emulator-address",
                f"127.0.0.1:{port}",
                "--runtime-api-address",
                f"127.0.0.1:{api_port}",
                *command,
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.02)
        self.stop()
        sys.exit(f"the emulator for {lid} did not listen on 127.0.0.1:{port}: {self.output()}")

    def invoke(self, event_bytes):
        """The answer (parsed JSON, or text) and the REPORT line's figures for this invocation."""
        reports_before = len(self.reports())
        request = urllib.request.Request(self.url, data=event_bytes, headers={"content-type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                raw = response.read()
        except urllib.error.HTTPError as e:
            raw = e.read()
        # The REPORT line follows the answer by a moment.
        deadline = time.monotonic() + 5
        while len(self.reports()) <= reports_before and time.monotonic() < deadline:
            time.sleep(0.01)
        reports = self.reports()
        report = reports[-1] if len(reports) > reports_before else {}
        try:
            answer = json.loads(raw)
        except ValueError:
            answer = raw.decode("utf-8", "replace")
        return answer, report

    def output(self):
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace")

    def reports(self):
        """The figures of each REPORT line. The emulator's own `Init Duration` there is not the
        init (it prints ~0.03 ms); its `INIT REPORT(durationMs: …)` line is, from the process's
        start to its first poll of the Runtime API, so that one is taken. Its `Max Memory Used`
        is the configured size, not a measurement, so it is not taken."""
        found, init = [], None
        for line in self.output().splitlines():
            m = re.search(r"INIT REPORT\(durationMs: ([0-9.]+)\)", line)
            if m:
                init = float(m.group(1))
            if line.startswith("REPORT"):
                m = re.search(r"\tDuration: ([0-9.]+) ms", line)
                figures = {"Duration": float(m.group(1))} if m else {}
                if init is not None and not found:
                    figures["Init Duration"] = init
                found.append(figures)
        return found

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


# ---------------------------------------------------------------- answers and expectations


def outcome(answer):
    """What an answer says, in the vocabulary of the expectations file."""
    if isinstance(answer, dict):
        if "statusCode" in answer:
            return str(answer["statusCode"])
        if "isAuthorized" in answer:
            # The authorizer lets every request through with its verdict in the context, so that
            # the route's function answers a refusal as a 401 problem (authorize-api-key's lib.rs).
            refusal = (answer.get("context") or {}).get("authError")
            if refusal:
                return "denied:" + str(refusal)
            return "authorized" if answer["isAuthorized"] else "forbidden"
        if "batchItemFailures" in answer:
            return "batch-failures:" + ",".join(sorted(f["itemIdentifier"] for f in answer["batchItemFailures"]))
        if "errorType" in answer:
            return "error:" + str(answer["errorType"])
        return "ok"
    if isinstance(answer, str):
        # A streamed HTTP answer through the emulator: the status prelude, then the body.
        m = re.match(r'\s*\{"statusCode":\s*(\d+)', answer)
        if m:
            return m.group(1)
    return "ok"


def is_deadline(answer):
    """A function's own 504 problem for a deadline that passed (`deadline_exceeded`)."""
    try:
        return answer["statusCode"] == 504 and json.loads(answer["body"])["code"] == "deadline_exceeded"
    except (KeyError, TypeError, ValueError):
        return False


def expectations():
    table = {}
    for line in EXPECTATIONS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        table[(fields[0], fields[1])] = fields[2]
    return table


def events_of(name):
    return sorted((ROOT / "events" / name).glob("*.json"))


def invoke(args):
    template = load_template()
    lid = logical_id(template, args.function)
    resolver = Resolver(template, provision(template, os.environ["AWS_ENDPOINT_URL"]))
    emulated = Emulated(template, resolver, lid)
    try:
        answer, report = emulated.invoke(Path(args.event).read_bytes())
    finally:
        emulated.stop()
    print(emulated.output().rstrip(), file=sys.stderr)
    print(json.dumps(answer, indent=2) if not isinstance(answer, str) else answer)
    print(f"outcome: {outcome(answer)}; report: {report}", file=sys.stderr)


def env_file(args):
    """The function's template environment, resolved to moto, plus moto's endpoint and test
    credentials: an env file for `cargo lambda watch --env-file`."""
    template = load_template()
    lid = logical_id(template, args.function)
    resolver = Resolver(template, provision(template, os.environ["AWS_ENDPOINT_URL"]))
    env = resolver.environment(lid)
    env.update(
        AWS_ENDPOINT_URL=os.environ["AWS_ENDPOINT_URL"],
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
        AWS_REGION=REGION,
    )
    for name, value in sorted(env.items()):
        print(f"{name}={value}")


def cold_starts(template, resolver, lid, event, count):
    """The init of `count` more cold starts (a new process each, answering `event` once): one
    start on a loaded machine says little, the median and minimum of several say more."""
    inits = []
    for _ in range(count):
        emulated = Emulated(template, resolver, lid)
        try:
            _, report = emulated.invoke(event.read_bytes())
        finally:
            emulated.stop()
        if "Init Duration" in report:
            inits.append(report["Init Duration"])
    return inits


def run_all(args):
    template = load_template()
    expected = expectations()
    resolver = Resolver(template, provision(template, os.environ["AWS_ENDPOINT_URL"]))
    failures, rows, checked = [], [], 0
    names = sorted(folder(template, lid) for lid in functions(template))
    for key in sorted(set(expected) - {(n, e.name) for n in names for e in events_of(n)}):
        failures.append(f"{key[0]}/{key[1]}: expectation for an event that does not exist")
    if args.functions:
        names = [folder(template, logical_id(template, n)) for n in args.functions.split(",")]
    for name in names:
        lid = logical_id(template, name)
        emulated = Emulated(template, resolver, lid)
        reports = []
        try:
            events = events_of(name)
            if not events:
                failures.append(f"{name}: no event in events/{name}/")
            for event in events:
                answer, report = emulated.invoke(event.read_bytes())
                reports.append(report)
                got, want = outcome(answer), expected.get((name, event.name))
                want, _, allowance = (want or "").partition("|")
                checked += 1
                if not want:
                    failures.append(f"{name}/{event.name}: no expectation in {EXPECTATIONS.name} (answered {got})")
                elif got != want and allowance == "qemu-deadline" and emulated.under_qemu and is_deadline(answer):
                    print(f"ok   {name}/{event.name}: 504 deadline_exceeded (its hard deadline, passed under qemu)")
                elif got != want:
                    failures.append(f"{name}/{event.name}: expected {want}, answered {got}: {str(answer)[:300]}")
                else:
                    print(f"ok   {name}/{event.name}: {got}")
            if events:
                # Timing only: the first event once more, on a warm process.
                _, report = emulated.invoke(events[0].read_bytes())
                reports.append(report)
        finally:
            emulated.stop()
        if not events:
            continue
        if any(not r for r in reports):
            failures.append(f"{name}: the emulator printed no REPORT line: {emulated.output()[-2000:]}")
            continue
        init = reports[0].get("Init Duration")
        if init is None:
            failures.append(f"{name}: no Init Duration on the first REPORT line: {emulated.output()[-2000:]}")
            continue
        warm = [r["Duration"] for r in reports[1:]]
        inits = [init] + cold_starts(template, resolver, lid, events[0], args.cold_starts - 1)
        rows.append(
            {
                "function": name,
                "init_ms": statistics.median(inits),
                "init_min_ms": min(inits),
                "cold_starts": len(inits),
                "first_ms": reports[0]["Duration"],
                "warm_ms": statistics.median(warm),
                "binary_bytes": emulated.bootstrap.stat().st_size,
            }
        )
    if args.table:
        Path(args.table).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print()
    print(
        "| function | init (ms, median / min of cold starts) | first invocation (ms) "
        "| warm invocation (ms, median) | binary (MB) |"
    )
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['function']} | {r['init_ms']:.1f} / {r['init_min_ms']:.1f} ({r['cold_starts']}) | "
            f"{r['first_ms']:.1f} | {r['warm_ms']:.1f} | {r['binary_bytes'] / 1e6:.1f} |"
        )
    slow = [r["function"] for r in rows if r["init_ms"] > args.init_goal_ms]
    print(f"\n{checked} events checked under the emulator; init over {args.init_goal_ms} ms: {slow or 'none'}")
    for f in failures:
        print(f"FAIL {f}")
    return 1 if failures else 0


def main():
    if sys.argv[1:2] == ["logical-id"] and len(sys.argv) == 3:
        print(logical_id(load_template(), sys.argv[2]))
        return 0
    if sys.argv[1:2] == ["check-aarch64"] and len(sys.argv) == 3:
        return check_aarch64(sys.argv[2])
    if not os.environ.get("AWS_ENDPOINT_URL"):
        sys.exit("AWS_ENDPOINT_URL is not set: point it at a moto server (scripts/invoke.sh starts one)")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("invoke")
    one.add_argument("function")
    one.add_argument("event")
    every = sub.add_parser("run-all")
    every.add_argument("--table", help="write the per-function figures as JSON here")
    every.add_argument("--init-goal-ms", type=float, default=30.0, help="reported, not enforced")
    every.add_argument("--functions", help="only these (comma separated), for a partial build")
    every.add_argument("--cold-starts", type=int, default=5, help="cold starts per function for the init figure")
    sub.add_parser("env").add_argument("function")
    args = parser.parse_args()
    if args.command == "invoke":
        invoke(args)
        return 0
    if args.command == "env":
        env_file(args)
        return 0
    return run_all(args)


if __name__ == "__main__":
    sys.exit(main())
