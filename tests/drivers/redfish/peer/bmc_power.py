"""The readings one simulated BMC serves: power that moves like a training
job, energy counters that rise with it, and the --state file's overrides
(redfish_sim.py documents the keys).
"""
import json
import math
import random
import threading
import zlib


class StateFile:
    """The --state file, read at every request and parsed when its bytes
    change: a file's mtime moves a clock tick at a time and a renamed-over
    inode may be reused, so two quick writes of one size could look alike.

    A file that does not parse, or names a key or fault the simulator does not
    know, keeps the last good state (one log line): a test's typo is loud, and
    a test writing the file without a rename sees no half-read state.
    """

    def __init__(self, path, log, check_entry):
        self.path = path
        self.log = log
        self.check_entry = check_entry  # raises ValueError on an entry the simulator would misread
        self.lock = threading.Lock()
        self.seen = None  # the bytes last parsed; None: no file
        self.data = {}
        self.generation = 0

    def current(self):
        """(generation, {name: overrides}) as the file is now."""
        if not self.path:
            return 0, {}
        try:
            with open(self.path, "rb") as f:
                seen = f.read()
        except FileNotFoundError:
            seen = None
        with self.lock:
            if seen != self.seen:
                self.seen = seen
                self.data = self.parse(seen) if seen is not None else {}
                self.generation += 1
            return self.generation, self.data

    def parse(self, text):
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
                raise ValueError("want an object of objects, one per BMC name")
            for name, entry in data.items():
                self.check_entry(name, entry)
            return data
        except (ValueError, TypeError) as e:
            self.log(f"state error {e}")
            return self.data


class Swing:
    """base + swing·sin(t/period + phase), its shape drawn from a seed."""

    def __init__(self, rng, base, swing):
        self.base = base * rng.uniform(0.85, 1.15)
        self.swing = swing * rng.uniform(0.7, 1.3)
        self.period = rng.uniform(40.0, 200.0)
        self.phase = rng.uniform(0.0, 2 * math.pi)

    def at(self, t):
        return self.base + self.swing * math.sin(t / self.period + self.phase)


class Counter:
    """An energy counter in kWh: rises by power·time between reads."""

    def __init__(self, start_kwh):
        self.kwh = start_kwh

    def add(self, watts, seconds):
        self.kwh += max(watts, 0.0) * seconds / 3.6e6
        return self.kwh


GPU_SHARE = 0.065  # one of 8 GPUs' share of a DGX's input power (8 x 700 W of ~10 kW at full load)
PSU_LOSS = 0.05    # PSU input above what the chassis reports


class BmcPower:
    """Readings of one BMC at a time t (seconds), seeded by its name so that
    servers differ. `shape` is the profile's power entry: base_w, swing_w,
    psus, gpus, outlets, integer_watts."""

    def __init__(self, name, shape):
        rng = random.Random(zlib.crc32(name.encode()))
        self.shape = shape
        self.chassis = Swing(rng, shape["base_w"], shape["swing_w"])
        self.outlets = [Swing(rng, shape["outlet_w"], shape["outlet_w"] * 0.3) for _ in range(shape.get("outlets", 0))]
        self.chassis_kwh = Counter(rng.uniform(500.0, 40000.0))
        self.psu_kwh = [Counter(rng.uniform(200.0, 20000.0)) for _ in range(shape.get("psus", 0))]
        self.gpu_kwh = [Counter(rng.uniform(100.0, 5000.0)) for _ in range(shape.get("gpus", 0))]
        self.outlet_kwh = [Counter(rng.uniform(100.0, 9000.0)) for _ in self.outlets]
        self.last_t = None
        self.lock = threading.Lock()

    def watts(self, w):
        return round(w) if self.shape.get("integer_watts") else round(w, 2)

    def psu_input_w(self, t, overrides):
        """What the PSUs draw at t: the chassis power plus their loss (a rack PDU outlet feeding this server)."""
        chassis_w = overrides.get("chassis_w", self.watts(self.chassis.at(t)))
        return self.watts(sum(overrides.get("psu_w", [chassis_w * (1 + PSU_LOSS)])))

    def readings(self, t, overrides):
        """A dict of everything the tree shows; `overrides` (the state
        file's entry for this BMC) wins over the model key by key."""
        with self.lock:
            dt = 0.0 if self.last_t is None else max(t - self.last_t, 0.0)
            self.last_t = t
            o = overrides
            chassis_w = o.get("chassis_w", self.watts(self.chassis.at(t)))
            n_psu = len(self.psu_kwh)
            psu_w = o.get("psu_w", [self.watts(chassis_w * (1 + PSU_LOSS) / n_psu * (1 + 0.02 * (-1) ** i))
                                    for i in range(n_psu)])
            gpu_w = o.get("gpu_w", [self.watts(chassis_w * GPU_SHARE * (1 + 0.04 * math.sin(t / 30 + i)))
                                    for i in range(len(self.gpu_kwh))])
            outlet_w = o.get("outlet_w", [self.watts(s.at(t)) for s in self.outlets])
            off = o.get("outlet_off", [])
            outlet_w = [0 if i in off else w for i, w in enumerate(outlet_w)]
            voltage_v = o.get("voltage_v", round(230.0 + 2.0 * math.sin(t / 17), 1))
            r = {
                "chassis_w": chassis_w,
                "psu_w": psu_w,
                "gpu_w": gpu_w,
                "outlet_w": outlet_w,
                "outlet_off": off,
                "voltage_v": voltage_v,
                "outlet_a": [round(w / voltage_v, 2) if voltage_v else 0.0 for w in outlet_w],
                "chassis_kwh": self.chassis_kwh.add(chassis_w, dt),
                "psu_kwh": [c.add(w, dt) for c, w in zip(self.psu_kwh, psu_w)],
                "gpu_kwh": [c.add(w, dt) for c, w in zip(self.gpu_kwh, gpu_w)],
                "outlet_kwh": [c.add(w, dt) for c, w in zip(self.outlet_kwh, outlet_w)],
            }
            for key in ("chassis_kwh", "psu_kwh", "gpu_kwh", "outlet_kwh"):
                r[key] = o.get(key, rounded_kwh(r[key]))
            return r


def rounded_kwh(v):
    # To the Wh's thousandth, so that a counter moves every second.
    return [round(x, 6) for x in v] if isinstance(v, list) else round(v, 6)
