// mvg-sim: a simulator of the MVG API for offline runs and tests (see README.md).
#include <string_view>
#include <vector>

#include "sim_server.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  return bv::sim::RunSimulator(args);
}
