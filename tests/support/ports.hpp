// Loopback ports for the servers tests start (Valkey, PostgreSQL).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

namespace bv::test {

// A loopback port nothing listened on a moment ago (the kernel's pick).
std::uint16_t FreePort();

// Calls `launch(port)` with fresh free ports until one start succeeds (another process may take
// a port between probing and binding); `launch` throws when its server did not come up.
// Returns the port; throws after 5 failed starts.
std::uint16_t LaunchOnFreePort(const std::function<void(std::uint16_t)>& launch, std::string_view server);

// Calls `launch()` again on the port a server already had, retrying for ~5 s while the old
// socket lingers; throws when it never starts.
void RelaunchOnSamePort(const std::function<void()>& launch, std::string_view server, std::uint16_t port);

}  // namespace bv::test
