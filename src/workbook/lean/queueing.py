"""Queueing theory for the validation configuration: the M/M/s queue (Erlang C).

With Poisson arrivals at rate λ, exponential service at rate μ per server and s servers
(ρ = λ / (sμ) < 1), the probability that an arrival waits is Erlang's C formula and the mean
wait in the queue is Wq = C / (sμ - λ) (see any queueing text, e.g. Gross, Shortle, Thompson &
Harris, *Fundamentals of Queueing Theory*, 4th ed., Wiley 2008, on multiserver queues).
"""

from __future__ import annotations

import math

from .scenario import MINUTES_PER_DAY, Scenario

__all__ = ["erlang_c", "mms_scenario", "mms_wait"]


def erlang_c(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Probability that an arrival has to wait in an M/M/s queue (Erlang C)."""
    if servers < 1 or int(servers) != servers:
        raise ValueError(f"servers is {servers!r}: give a whole number of at least 1.")
    if arrival_rate < 0 or service_rate <= 0:
        raise ValueError("arrival_rate must be at least 0 and service_rate above 0.")
    s = int(servers)
    a = arrival_rate / service_rate  # offered load in erlangs
    rho = a / s
    if rho >= 1:
        raise ValueError(
            f"the queue is unstable (utilisation {rho:.3g} >= 1): add servers or lower demand."
        )
    # Erlang B by its stable recursion, then C from B.
    b = 1.0
    for k in range(1, s + 1):
        b = a * b / (k + a * b)
    return b / (1 - rho * (1 - b))


def mms_wait(arrival_rate: float, service_rate: float, servers: int) -> dict[str, float]:
    """Mean wait in the queue (Wq), utilisation (ρ) and P(wait) for an M/M/s queue."""
    c = erlang_c(arrival_rate, service_rate, servers)
    return {
        "p_wait": c,
        "wq": c / (servers * service_rate - arrival_rate),
        "utilisation": arrival_rate / (servers * service_rate),
    }


def mms_scenario(
    arrivals_per_day: float, mean_service: float, servers: int, days: float = 365.0
) -> Scenario:
    """The model reduced to an M/M/s queue: Poisson arrivals at a constant rate, exponential
    assessment by ``servers`` clinicians, and nothing else (no triage, unlimited cubicles,
    no treatment, no admissions, no access block, nobody leaves unseen, one queue)."""
    return Scenario(
        flow="single_queue",
        arrivals_per_day=arrivals_per_day,
        seasonal_amplitude=0.0,
        hourly_profile=(1.0,) * 24,
        p_admit=0.0,
        n_triage=math.inf,
        n_clinicians=servers,
        n_cubicles=math.inf,
        triage_mean=0.0,
        assessment_mean=mean_service,
        treatment_mean_discharged=0.0,
        treatment_mean_admitted=0.0,
        duration_distribution="exponential",
        bed_wait_mean=0.0,
        patience_mean=math.inf,
        run_length_days=days,
        warm_up_days=min(1.0, days / 10),
    )


def arrivals_per_minute(scenario: Scenario) -> float:
    return scenario.arrivals_per_day / MINUTES_PER_DAY
