"""What `make run` prints about the simulator. (Skeleton: scenarios land with issue 3.)"""


def describe_demo_scenarios() -> str:
    return "KSeF simulator: enabled under /ksef-sim/."
