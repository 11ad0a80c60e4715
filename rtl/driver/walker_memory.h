// The memory behind the Verilated MMU's walker read port, as every driver of it models it:
// one read in flight, its data offered `latency` cycles after the edge that accepted it
// (latency >= 1), for one cycle. The state only; mmu_ports.h connects it to the ports. Needs
// no Verilated build (the co-simulation's headers meet SystemC's).
#ifndef VMCOSIM_RTL_WALKER_MEMORY_H
#define VMCOSIM_RTL_WALKER_MEMORY_H

#include <cstdint>
#include <stdexcept>

namespace vmc {

class WalkerMemory {
public:
  // The port's handshakes at one rising edge (mmu_ports.h: walker_edge).
  struct Edge {
    bool accept;     // a read is accepted at this edge
    bool respond;    // the read in flight is answered at this edge
    uint32_t addr;   // the accepted read's address
  };

  // After the rising edge e: retires the answered read, takes the accepted one and counts
  // down. latency() is called once per accepted read, so random latencies are drawn in order.
  // Returns whether a read was accepted.
  template <class Latency>
  bool after_edge(const Edge &e, Latency &&latency) {
    if (e.respond) busy_ = false;
    if (e.accept) {
      if (__builtin_expect(busy_, 0)) second_read();
      busy_ = true;
      addr_ = e.addr;
      countdown_ = latency() - 1;
      return true;
    }
    if (busy_ && countdown_ > 0) countdown_--;
    return false;
  }

  bool busy() const { return busy_; }
  // The read in flight is answered in this cycle (at the coming edge).
  bool responding() const { return busy_ && countdown_ == 0; }
  uint32_t addr() const { return addr_; }
  // Edges until the read in flight is answered (0: at the coming edge).
  unsigned countdown() const { return countdown_; }
  // A simulation that skips idle cycles (idle_cycles_i) lets one edge stand for `edges` more.
  void skip(unsigned edges) { countdown_ -= edges; }
  void reset() { busy_ = false; }

private:
  // Out of line: the hot path of every driver inlines after_edge.
  [[noreturn]] __attribute__((noinline, cold)) static void second_read() {
    throw std::runtime_error("MMU issued a second memory read in flight");
  }

  bool busy_ = false;
  unsigned countdown_ = 0;
  uint32_t addr_ = 0;
};

}  // namespace vmc

#endif
