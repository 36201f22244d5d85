// CPU cost of reading registers: per cycle, each block's RTU answer is framed,
// checked (CRC, unit, function code, byte count) and turned into readings by
// the profile's read plan, exactly as the driver does after the bytes arrive.
// The counter `per_1000_regs` is CPU time per 1,000 registers read.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

#include "modbus_frame.h"
#include "profile.h"
#include "read_plan.h"

namespace {

using namespace sitepower::modbus;

std::vector<std::uint8_t> rtu_answer(std::uint8_t unit, const Block& b) {
  std::vector<std::uint8_t> f{unit, function_code(b.table), static_cast<std::uint8_t>(2 * b.count)};
  for (std::uint16_t i = 0; i < b.count; ++i) {
    f.push_back(0x43);  // 230.5f, or small positive integers: plausible, finite
    f.push_back(static_cast<std::uint8_t>(i & 1 ? 0x00 : 0x66));
  }
  const std::uint16_t crc = crc16(f);
  f.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  f.push_back(static_cast<std::uint8_t>(crc >> 8));
  return f;
}

void run_cycles(benchmark::State& state, const Profile& profile, std::uint32_t base) {
  const ReadPlan plan(profile.points, base, profile.max_gap, profile.max_registers, profile.sunspec.has_value());
  std::vector<std::vector<std::uint8_t>> answers;
  std::size_t registers = 0;
  for (const Block& b : plan.blocks()) {
    answers.push_back(rtu_answer(1, b));
    registers += b.count;
  }
  std::vector<BlockResult> results(plan.blocks().size());
  for (auto _ : state) {
    for (std::size_t i = 0; i < answers.size(); ++i) {
      const Block& b = plan.blocks()[i];
      const FrameStatus st = frame_length(Framing::Rtu, answers[i]);
      Response r = decode_response(Framing::Rtu, 0, {1, b.table, b.address, b.count},
                                   std::span(answers[i]).first(st.length));
      results[i].registers = std::move(r.registers);
    }
    benchmark::DoNotOptimize(plan.decode(results));
  }
  state.counters["requests"] = static_cast<double>(plan.blocks().size());
  state.counters["per_1000_regs"] = benchmark::Counter(static_cast<double>(state.iterations() * registers) / 1000.0,
                                                       benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

const std::string kProfiles = SITEPOWER_PROFILES;

void BM_SunSpecMeterCycle(benchmark::State& state) {
  run_cycles(state, load_profile(kProfiles + "/sunspec-meter.yaml"), 40122);
}
void BM_Sdm630Cycle(benchmark::State& state) { run_cycles(state, load_profile(kProfiles + "/eastron-sdm630.yaml"), 0); }
void BM_Pm5100Cycle(benchmark::State& state) {
  run_cycles(state, load_profile(kProfiles + "/schneider-pm5100.yaml"), 0);
}

// The densest case: one full 125-register request of float32 values.
void BM_Full125RegisterBlock(benchmark::State& state) {
  Profile p;
  for (std::uint16_t a = 0; a + 1 < 125; a += 2) {
    Point pt;
    pt.quantity = "power";
    pt.channel = "ch" + std::to_string(a);
    pt.address = a;
    pt.type = ValueType::F32;
    p.points.push_back(pt);
  }
  run_cycles(state, p, 0);
}

BENCHMARK(BM_SunSpecMeterCycle);
BENCHMARK(BM_Sdm630Cycle);
BENCHMARK(BM_Pm5100Cycle);
BENCHMARK(BM_Full125RegisterBlock);

}  // namespace

BENCHMARK_MAIN();
