"""ECS services on Fargate to the cent on hand-checked us-east-1 prices (aws-pricing-pages/ecs.json):
Linux x86 0.04048 per vCPU-hour and 0.004445 per GB-hour; how many tasks a strategy puts on Fargate;
what a service cannot be priced without."""

from __future__ import annotations

import pytest

from costing.rules.common import Unpriceable
from costing.rules.ecs import LINUX_X86, Task, fargate_task, fargate_tasks
from costing.schema import UNKNOWN
from tests.pricing_helpers import cents, lines_of, of, priced, resource, with_prices

SERVICE = "aws:ecs/service:Service"
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
TABLE = with_prices(
    ("ecs", "us-east-1", "fargate-vcpu", "linux-x86_64", "vCPU-hour", 0.04048),
    ("ecs", "us-east-1", "fargate-memory", "linux-x86_64", "GB-hour", 0.004445),
)
TASK = {"family": "web", "cpu": "256", "memory": "512", "requiresCompatibilities": ["FARGATE"]}


def strategy(*providers: tuple[str, int, int]) -> list[dict]:
    return [{"capacityProvider": name, "base": base, "weight": weight} for name, base, weight in providers]


def test_a_strategy_places_each_providers_base_first_then_splits_the_rest_by_weight():
    assert fargate_tasks(10, strategy(("FARGATE", 2, 1), ("my-asg-provider", 0, 3))) == 4.0  # 2 + 8 x 1/4
    assert fargate_tasks(10, strategy(("my-asg-provider", 0, 1))) == 0.0
    assert fargate_tasks(1, strategy(("FARGATE", 2, 1))) == 1.0  # the base caps at the desired count
    assert fargate_tasks(0, strategy(("FARGATE", 0, 0))) == 0.0


def test_fargate_spot_tasks_and_weightless_strategies_are_unpriced():
    with pytest.raises(Unpriceable, match=r"^2.5 tasks on FARGATE_SPOT: no Fargate Spot price in the snapshot$"):
        fargate_tasks(5, strategy(("FARGATE", 0, 1), ("FARGATE_SPOT", 0, 1)))
    with pytest.raises(Unpriceable, match="^capacity provider strategy gives no provider a weight: where tasks run is "
                                          "unknown$"):
        fargate_tasks(3, strategy(("FARGATE", 1, 0)))


def test_task_sizes_in_cpu_units_and_mib_or_spelled_out():
    assert fargate_task(TASK) == Task(0.25, 0.5, LINUX_X86, 0.0)
    assert fargate_task({"cpu": "2 vCPU", "memory": "4 GB", "ephemeralStorage": {"sizeInGib": 21}}) == Task(
        2.0, 4.0, LINUX_X86, 1.0)
    with pytest.raises(Unpriceable, match="^task memory not set in the task definition \\(Fargate requires it\\)$"):
        fargate_task({"cpu": "256"})
    with pytest.raises(Unpriceable, match="^task CPU is not a size: 'a lot'$"):
        fargate_task({"cpu": "a lot", "memory": "512"})
    with pytest.raises(Unpriceable, match="^operating system family FREEBSD is not priced"):
        fargate_task({**TASK, "runtimePlatform": {"operatingSystemFamily": "FREEBSD"}})


def test_a_fargate_service_costs_its_tasks_vcpu_and_memory():
    task = resource(TASK_DEFINITION, "web-task", TASK)
    service = resource(SERVICE, "web", {"launchType": "FARGATE", "desiredCount": 4, "taskDefinition": UNKNOWN},
                       refs={"taskDefinition": [task["urn"]]})
    result = priced(task, service, table=TABLE)
    assert of(result, "web")["monthly_usd"] == cents(36.04)  # 4 x (0.25 x 0.04048 + 0.5 x 0.004445) x 730 = 36.0401


def test_a_service_without_a_desired_count_runs_the_providers_default_of_zero_tasks():
    task = resource(TASK_DEFINITION, "web-task", TASK)
    result = priced(task, resource(SERVICE, "web", {"launchType": "FARGATE", "taskDefinition": "web"}), table=TABLE)
    assert list(lines_of(result, "web").index)[0] == ("Fargate vCPU (0 tasks x 0.25 vCPU, linux-x86_64, desiredCount "
                                                      "not set: the provider's default is 0)")
    assert (of(result, "web")["status"], of(result, "web")["monthly_usd"]) == ("priced", 0.0)


def test_services_on_ec2_are_free_and_a_missing_task_definition_is_said():
    result = priced(resource(SERVICE, "on-ec2", {"launchType": "EC2", "desiredCount": 3, "taskDefinition": "web"}),
                    resource(SERVICE, "no-type", {"desiredCount": 3, "taskDefinition": "web"}),
                    resource(SERVICE, "lost", {"launchType": "FARGATE", "desiredCount": 1, "taskDefinition": "gone:3"}),
                    table=TABLE)
    assert (of(result, "on-ec2")["status"], of(result, "no-type")["status"]) == ("free", "free")
    assert of(result, "lost")["reason"] == ("task definition not found among the stack's resources: task CPU and "
                                            "memory unknown")
