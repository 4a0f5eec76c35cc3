"""The Helm chart in deploy/helm/confnotes, rendered by Helm's own template engine and checked
the way a cluster would check it: Kubernetes' schemas, CloudNativePG's CRD schemas, yamllint,
and the wiring between the manifests and confnotes itself."""

import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import kubernetes_validate
import pytest
import yaml
from helm_python import chart as helm
from yamllint import linter
from yamllint.config import YamlLintConfig

from tests.deploy.crd_schemas import crd_validators

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CHART = BASE_DIR / "deploy" / "helm" / "confnotes"
# The oldest Kubernetes still maintained upstream when the chart was written; kubernetes-validate
# ships its schemas.
KUBERNETES_VERSION = "1.33.0"
RELEASE = "confnotes"
# Groups whose kinds are custom resources, validated against their CRDs instead.
CUSTOM_RESOURCE_GROUPS = {"postgresql.cnpg.io", "barmancloud.cnpg.io", "monitoring.coreos.com"}

# Every optional part of the chart turned on, so that the checks see it too.
EVERYTHING_ON = {
    "settings": {"LOG_LEVEL": "WARNING", "PAGE_CACHE_SECONDS": "600"},
    "extraEnvFrom": [{"secretRef": {"name": "confnotes-mail"}}],
    "web": {"autoscaling": {"enabled": False}},
    "ingress": {"annotations": {"nginx.ingress.kubernetes.io/proxy-body-size": "8m"}},
    "database": {
        "podMonitor": True,
        "storage": {"storageClass": "fast-ssd"},
        "backup": {"endpointURL": "https://s3.example.org"},
    },
    "networkPolicy": {"monitoringNamespace": "monitoring"},
}
VALUE_SETS = {"defaults": None, "everything-on": EVERYTHING_ON}


@cache
def rendered_templates(values_name: str) -> dict[str, str]:
    """Template path → text, as `helm template` renders them for an install."""
    templates = helm.Chart.load(CHART).render(
        VALUE_SETS[values_name], name=RELEASE, namespace=RELEASE, is_install=True
    )
    return {path: text for path, text in templates.items() if path.endswith(".yaml")}


@cache
def manifests(values_name: str = "defaults") -> tuple[dict, ...]:
    return tuple(
        document
        for text in rendered_templates(values_name).values()
        for document in yaml.safe_load_all(text)
        if document
    )


def manifest(kind: str, name: str, values_name: str = "defaults") -> dict:
    (found,) = [
        document
        for document in manifests(values_name)
        if document["kind"] == kind and document["metadata"]["name"] == name
    ]
    return found


def api_group(document: dict) -> str:
    return document["apiVersion"].rpartition("/")[0]


def pod_templates(values_name: str = "defaults") -> dict[str, dict]:
    """The pod specs of the chart's own workloads, by workload name."""
    return {
        document["metadata"]["name"]: document["spec"]["template"]
        for document in manifests(values_name)
        if document["kind"] in ("Deployment", "Job")
    }


def container_env(workload: str) -> dict[str, dict]:
    (container,) = pod_templates()[workload]["spec"]["containers"]
    return {variable["name"]: variable for variable in container["env"]}


def test_chart_passes_helm_lint_in_strict_mode():
    report = helm.lint(CHART, strict=True, kube_version=f"v{KUBERNETES_VERSION}")

    assert report["errors"] == []
    # Severity 1 is information ("icon is recommended"); 2 and up are warnings and errors.
    assert [message for message in report["messages"] if message["severity"] >= 2] == []


def test_chart_renders_the_whole_deployment():
    kinds_and_names = sorted((doc["kind"], doc["metadata"]["name"]) for doc in manifests())

    assert kinds_and_names == [
        ("Cluster", "confnotes-db"),
        ("Deployment", "confnotes-cache"),
        ("Deployment", "confnotes-web"),
        ("HorizontalPodAutoscaler", "confnotes-web"),
        ("Ingress", "confnotes"),
        ("Job", "confnotes-migrate"),
        ("NetworkPolicy", "confnotes-cache"),
        ("NetworkPolicy", "confnotes-db"),
        ("NetworkPolicy", "confnotes-default-deny"),
        ("NetworkPolicy", "confnotes-migrate"),
        ("NetworkPolicy", "confnotes-poolers"),
        ("NetworkPolicy", "confnotes-web"),
        ("ObjectStore", "confnotes-backups"),
        ("PodDisruptionBudget", "confnotes-web"),
        ("Pooler", "confnotes-pooler-ro"),
        ("Pooler", "confnotes-pooler-rw"),
        ("ScheduledBackup", "confnotes-db-daily"),
        ("Service", "confnotes-cache"),
        ("Service", "confnotes-web"),
    ]


@pytest.mark.parametrize("values_name", VALUE_SETS)
def test_every_manifest_validates_against_the_kubernetes_schemas(values_name):
    built_in = [
        doc for doc in manifests(values_name) if api_group(doc) not in CUSTOM_RESOURCE_GROUPS
    ]

    assert {doc["kind"] for doc in built_in} >= {"Deployment", "Job", "Ingress", "NetworkPolicy"}
    for document in built_in:
        # Strict: a misspelt or misplaced field is an error, as kubectl's field validation has it.
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_kubernetes_schema_validation_catches_a_misplaced_field():
    deployment = manifest("Deployment", "confnotes-web")
    broken = {**deployment, "spec": {**deployment["spec"], "replica": 2}}

    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("values_name", VALUE_SETS)
def test_cloudnative_pg_resources_validate_against_the_vendored_crds(values_name):
    validators = crd_validators()
    checked = [doc for doc in manifests(values_name) if (api_group(doc), doc["kind"]) in validators]

    assert {doc["kind"] for doc in checked} == {kind for _group, kind in validators}
    for document in checked:
        validators[api_group(document), document["kind"]].validate(document)


# A mistake in each CloudNativePG resource, as (kind, name, spec fields changed).
CRD_MISTAKES = {
    "misspelt schedule": ("ScheduledBackup", "confnotes-db-daily", {"schedul": "@daily"}),
    "unknown backup method": ("ScheduledBackup", "confnotes-db-daily", {"method": "tape"}),
    "no instances": ("Cluster", "confnotes-db", {"instances": 0}),
    "misspelt volume size": ("Cluster", "confnotes-db", {"walStorage": {"sise": "5Gi"}}),
    "statement pooling": (
        "Pooler",
        "confnotes-pooler-rw",
        {"pgbouncer": {"poolMode": "statement"}},
    ),
}


@pytest.mark.parametrize("mistake", CRD_MISTAKES)
def test_crd_validation_rejects_mistakes_in_the_spec(mistake):
    kind, name, changes = CRD_MISTAKES[mistake]
    validator = crd_validators()["postgresql.cnpg.io", kind]
    resource = manifest(kind, name)

    mistaken = {**resource, "spec": {**resource["spec"], **changes}}

    assert not validator.is_valid(mistaken)
    assert validator.is_valid(resource)


def yamllint_problems(text: str) -> list[str]:
    config = YamlLintConfig(file=str(BASE_DIR / ".yamllint.yaml"))
    return [f"{problem.line}: {problem.message}" for problem in linter.run(text, config)]


def test_yamllint_passes_on_the_chart_files():
    files = [CHART / "Chart.yaml", CHART / "values.yaml"]

    assert {path.name: yamllint_problems(path.read_text()) for path in files} == {
        "Chart.yaml": [],
        "values.yaml": [],
    }


@pytest.mark.parametrize("values_name", VALUE_SETS)
def test_yamllint_passes_on_the_rendered_manifests(values_name):
    problems = {
        path: yamllint_problems(text) for path, text in rendered_templates(values_name).items()
    }

    assert {path: found for path, found in problems.items() if found} == {}


def test_yamllint_configuration_catches_bad_indentation():
    assert yamllint_problems("key:\n    - a\n  - b\n") != []


@pytest.mark.parametrize("values_name", VALUE_SETS)
def test_every_container_has_resources_and_a_restricted_security_context(values_name):
    templates = pod_templates(values_name)

    assert set(templates) == {"confnotes-web", "confnotes-migrate", "confnotes-cache"}
    for workload, template in templates.items():
        pod = template["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, workload
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, workload
        assert pod["automountServiceAccountToken"] is False, workload
        for container in pod.get("initContainers", []) + pod["containers"]:
            assert set(container["resources"]["requests"]) == {"cpu", "memory"}, workload
            assert set(container["resources"]["limits"]) == {"memory"}, workload
            assert container["securityContext"] == {
                "allowPrivilegeEscalation": False,
                "readOnlyRootFilesystem": True,
                "capabilities": {"drop": ["ALL"]},
            }, workload


def test_confnotes_pods_run_as_the_image_user():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    image_uid = int(re.search(r"useradd .*--uid (\d+)", dockerfile).group(1))

    for workload in ["confnotes-web", "confnotes-migrate"]:
        context = pod_templates()[workload]["spec"]["securityContext"]
        assert (context["runAsUser"], context["runAsGroup"]) == (image_uid, image_uid)


def test_pooler_pods_declare_resources():
    for name in ["confnotes-pooler-rw", "confnotes-pooler-ro"]:
        (container,) = manifest("Pooler", name)["spec"]["template"]["spec"]["containers"]

        assert container["name"] == "pgbouncer"
        assert set(container["resources"]["requests"]) == {"cpu", "memory"}


def test_probes_use_health_endpoints():
    (web,) = pod_templates()["confnotes-web"]["spec"]["containers"]

    assert web["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert web["livenessProbe"]["httpGet"]["path"] == "/livez"
    assert web["startupProbe"]["httpGet"]["path"] == "/livez"


@pytest.mark.django_db
@pytest.mark.parametrize("probe", ["readinessProbe", "livenessProbe", "startupProbe"])
def test_probe_paths_answer_200_in_confnotes(client, probe):
    (web,) = pod_templates()["confnotes-web"]["spec"]["containers"]
    check = web[probe]["httpGet"]

    response = client.get(check["path"])

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert check["port"] == web["ports"][0]["name"]
    assert web["ports"][0]["containerPort"] == 8000


def names_read_by_settings() -> set[str]:
    source = "".join(path.read_text() for path in (BASE_DIR / "confnotes/settings").glob("*.py"))
    return set(re.findall(r"""\benv(?:\.\w+)?\(\s*["']([A-Z_0-9]+)["']""", source))


# Read by something other than confnotes' settings modules.
READ_OUTSIDE_SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "Django",
    "WEB_CONCURRENCY": "gunicorn",
}
# Only there to be interpolated into the database addresses.
INTERPOLATED = {"DATABASE_USER", "DATABASE_PASSWORD"}


@pytest.mark.parametrize("workload", ["confnotes-web", "confnotes-migrate"])
def test_environment_names_are_the_ones_confnotes_reads(workload):
    env = container_env(workload)
    read = names_read_by_settings()

    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "LOG_LEVEL"} <= read
    assert set(env) - INTERPOLATED - set(READ_OUTSIDE_SETTINGS) <= read
    for name in INTERPOLATED:
        assert f"$({name})" in env["DATABASE_URL"]["value"]


def test_settings_names_of_values_file_are_read():
    values = yaml.safe_load((CHART / "values.yaml").read_text())

    assert set(values["settings"]) <= names_read_by_settings()


def database_address(value: str):
    filled = value.replace("$(DATABASE_USER)", "app").replace("$(DATABASE_PASSWORD)", "secret")
    return urlsplit(filled)


def test_database_urls_go_through_the_read_write_and_read_only_poolers():
    env = container_env("confnotes-web")
    cluster = manifest("Cluster", "confnotes-db")
    poolers = {doc["spec"]["type"]: doc for doc in manifests() if doc["kind"] == "Pooler"}

    primary = database_address(env["DATABASE_URL"]["value"])
    replicas = database_address(env["DATABASE_REPLICA_URLS"]["value"])

    assert (primary.scheme, primary.username, primary.password) == ("postgres", "app", "secret")
    # A Pooler's Service is named after the Pooler.
    assert (primary.hostname, primary.port) == (poolers["rw"]["metadata"]["name"], 5432)
    assert (replicas.hostname, replicas.port) == (poolers["ro"]["metadata"]["name"], 5432)
    database = cluster["spec"]["bootstrap"]["initdb"]["database"]
    assert primary.path == replicas.path == f"/{database}"
    assert {pooler["spec"]["cluster"]["name"] for pooler in poolers.values()} == {"confnotes-db"}


def test_database_role_comes_from_the_secret_cloudnative_pg_writes():
    env = container_env("confnotes-web")

    # CloudNativePG keeps the application role's credentials in "<cluster>-app".
    assert env["DATABASE_USER"]["valueFrom"]["secretKeyRef"] == {
        "name": "confnotes-db-app",
        "key": "username",
    }
    assert env["DATABASE_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": "confnotes-db-app",
        "key": "password",
    }
    assert env["SECRET_KEY"]["valueFrom"]["secretKeyRef"] == {
        "name": "confnotes-django",
        "key": "SECRET_KEY",
    }


def test_cache_address_is_the_cache_service():
    service = manifest("Service", "confnotes-cache")
    address = urlsplit(container_env("confnotes-web")["REDIS_URL"]["value"])

    assert (address.scheme, address.hostname) == ("redis", "confnotes-cache")
    assert address.port == service["spec"]["ports"][0]["port"] == 6379


def test_site_host_is_allowed_and_served_over_tls():
    env = container_env("confnotes-web")
    ingress = manifest("Ingress", "confnotes")

    (rule,) = ingress["spec"]["rules"]
    (tls,) = ingress["spec"]["tls"]
    assert env["ALLOWED_HOSTS"]["value"] == rule["host"] == "notes.example.org"
    assert tls["hosts"] == [rule["host"]]
    assert env["CSRF_TRUSTED_ORIGINS"]["value"] == "https://notes.example.org"
    assert env["SECURE_PROXY_SSL_HEADER"]["value"] == "HTTP_X_FORWARDED_PROTO,https"
    (path,) = rule["http"]["paths"]
    assert path["backend"]["service"]["name"] == "confnotes-web"


def test_database_is_a_primary_and_two_replicas_backed_up_to_object_storage():
    cluster = manifest("Cluster", "confnotes-db")
    store = manifest("ObjectStore", "confnotes-backups")
    backup = manifest("ScheduledBackup", "confnotes-db-daily")

    assert cluster["spec"]["instances"] == 3
    (plugin,) = cluster["spec"]["plugins"]
    assert plugin["isWALArchiver"] is True
    assert plugin["parameters"]["barmanObjectName"] == store["metadata"]["name"]
    assert store["spec"]["configuration"]["destinationPath"].startswith("s3://")
    assert backup["spec"]["cluster"]["name"] == cluster["metadata"]["name"]
    assert backup["spec"]["method"] == "plugin"
    assert backup["spec"]["pluginConfiguration"]["name"] == plugin["name"]
    # CloudNativePG's schedules have six fields, seconds first.
    assert len(backup["spec"]["schedule"].split()) == 6


def test_migration_job_runs_after_install_and_before_upgrade():
    job = manifest("Job", "confnotes-migrate")
    (container,) = job["spec"]["template"]["spec"]["containers"]

    assert set(job["metadata"]["annotations"]["helm.sh/hook"].split(",")) == {
        "post-install",
        "pre-upgrade",
    }
    assert container["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"


def test_autoscaler_and_disruption_budget_target_the_web_pods():
    deployment = manifest("Deployment", "confnotes-web")
    autoscaler = manifest("HorizontalPodAutoscaler", "confnotes-web")
    budget = manifest("PodDisruptionBudget", "confnotes-web")

    assert autoscaler["spec"]["scaleTargetRef"]["name"] == "confnotes-web"
    assert budget["spec"]["selector"] == deployment["spec"]["selector"]
    # The autoscaler owns the replica count.
    assert "replicas" not in deployment["spec"]
    assert manifest("Deployment", "confnotes-web", "everything-on")["spec"]["replicas"] == 2


def selects(selector: dict, labels: dict) -> bool:
    """Whether a label selector (matchLabels and In expressions) selects these labels."""
    for key, value in selector.get("matchLabels", {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions", []):
        assert expression["operator"] == "In"
        if labels.get(expression["key"]) not in expression["values"]:
            return False
    return True


def test_selects_needs_every_label_and_expression():
    selector = {
        "matchLabels": {"a": "1"},
        "matchExpressions": [{"key": "b", "operator": "In", "values": ["2", "3"]}],
    }

    assert selects(selector, {"a": "1", "b": "3", "c": "4"})
    assert not selects(selector, {"a": "1"})
    assert not selects(selector, {"a": "2", "b": "2"})
    assert selects({}, {"anything": "x"})


def network_policy(name: str) -> dict:
    return manifest("NetworkPolicy", name)["spec"]


def pod_labels(workload: str) -> dict:
    return pod_templates()[workload]["metadata"]["labels"]


# The labels CloudNativePG puts on the pods it creates.
POOLER_POD_RW = {"cnpg.io/poolerName": "confnotes-pooler-rw", "cnpg.io/cluster": "confnotes-db"}
POOLER_POD_RO = {"cnpg.io/poolerName": "confnotes-pooler-ro", "cnpg.io/cluster": "confnotes-db"}
DATABASE_POD = {"cnpg.io/cluster": "confnotes-db", "cnpg.io/podRole": "instance"}


def peers_allowed(policy: dict, direction: str, port: int) -> list[dict]:
    rules = policy[direction]
    peers_key = "from" if direction == "ingress" else "to"
    return [
        peer
        for rule in rules
        if any(allowed["port"] == port for allowed in rule["ports"])
        for peer in rule[peers_key]
    ]


def selects_in_namespace(peer: dict, labels: dict) -> bool:
    """Whether a policy peer is these pods of the release's own namespace."""
    return set(peer) == {"podSelector"} and selects(peer["podSelector"], labels)


def test_network_policies_deny_by_default():
    policy = network_policy("confnotes-default-deny")

    assert policy == {"podSelector": {}, "policyTypes": ["Ingress"]}


def test_network_policies_let_the_ingress_controller_reach_the_web_pods_only():
    web = network_policy("confnotes-web")

    assert selects(web["podSelector"], pod_labels("confnotes-web"))
    assert web["ingress"] == [
        {
            "from": [
                {
                    "namespaceSelector": {
                        "matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}
                    }
                }
            ],
            "ports": [{"port": 8000, "protocol": "TCP"}],
        }
    ]


def test_network_policies_let_the_web_pods_reach_the_poolers_and_the_cache():
    web = network_policy("confnotes-web")
    poolers = network_policy("confnotes-poolers")
    cache_policy = network_policy("confnotes-cache")

    (to_poolers,) = peers_allowed(web, "egress", 5432)
    assert selects(to_poolers["podSelector"], POOLER_POD_RW)
    assert selects(to_poolers["podSelector"], POOLER_POD_RO)
    (to_cache,) = peers_allowed(web, "egress", 6379)
    assert selects(to_cache["podSelector"], pod_labels("confnotes-cache"))

    assert selects(poolers["podSelector"], POOLER_POD_RW)
    from_web, from_migrate = peers_allowed(poolers, "ingress", 5432)
    assert selects(from_web["podSelector"], pod_labels("confnotes-web"))
    assert selects(from_migrate["podSelector"], pod_labels("confnotes-migrate"))
    (cache_from,) = peers_allowed(cache_policy, "ingress", 6379)
    assert selects(cache_policy["podSelector"], pod_labels("confnotes-cache"))
    assert selects(cache_from["podSelector"], pod_labels("confnotes-web"))
    assert not selects(cache_from["podSelector"], pod_labels("confnotes-migrate"))


def test_network_policies_keep_the_web_pods_off_private_addresses():
    web = network_policy("confnotes-web")

    (public,) = peers_allowed(web, "egress", 443)
    assert public["ipBlock"]["cidr"] == "0.0.0.0/0"
    assert {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"} <= set(public["ipBlock"]["except"])
    assert peers_allowed(web, "egress", 5432) != []


def test_network_policies_let_the_operator_and_the_poolers_reach_the_database():
    database = network_policy("confnotes-db")

    assert selects(database["podSelector"], DATABASE_POD)
    from_operator = [
        peer for peer in peers_allowed(database, "ingress", 8000) if "namespaceSelector" in peer
    ]
    assert from_operator == [
        {
            "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "cnpg-system"}},
            "podSelector": {"matchLabels": {"app.kubernetes.io/name": "cloudnative-pg"}},
        }
    ]
    to_postgres = peers_allowed(database, "ingress", 5432)
    assert any(selects_in_namespace(peer, POOLER_POD_RO) for peer in to_postgres)
    # Streaming replication between the instances.
    assert any(selects_in_namespace(peer, DATABASE_POD) for peer in to_postgres)
    assert not any(selects_in_namespace(peer, pod_labels("confnotes-web")) for peer in to_postgres)
