// Reading a secret (an access token) the only two ways the CLI accepts one: all of stdin (--token-stdin), or a
// prompt on the terminal with echo off. Never from argv, where `ps` and shell history would keep it.
#pragma once

#include <cstddef>
#include <string_view>

#include "eatos/sdk/secret.hpp"
#include "eatos/sdk/status.hpp"

namespace eatos::host {

inline constexpr std::size_t max_secret_input_bytes = std::size_t{64} * 1024;

/// All of stdin, as given (the plugin normalises it). invalid_argument when larger than 64 KiB.
sdk::Result<sdk::Secret> read_secret_from_stdin();
/// Prints "`label`: " on stderr and reads one line from the terminal on stdin with echo off (restored afterwards,
/// also on Ctrl-C). Precondition: stdin is a terminal.
sdk::Result<sdk::Secret> prompt_secret(std::string_view label);
[[nodiscard]] bool stdin_is_terminal() noexcept;

}  // namespace eatos::host
