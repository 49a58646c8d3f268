#include "sync/location_match.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace eatos::sevenshifts {
namespace {

std::set<std::string> words_of(const std::string& text) {
  std::set<std::string> words;
  std::string word;
  for (const char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!word.empty()) {
      words.insert(word);
      word.clear();
    }
  }
  return words;
}

}  // namespace

std::optional<Location> suggest_location(const std::string& store_name, const std::vector<Location>& candidates) {
  if (candidates.empty()) return std::nullopt;
  const auto store_words = words_of(store_name);
  std::vector<std::set<std::string>> names;
  names.reserve(candidates.size());
  for (const auto& location : candidates) names.push_back(words_of(location.name));

  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (names[i] == store_words && std::count(names.begin(), names.end(), names[i]) == 1) return candidates[i];
  }

  // With one candidate nothing is common to "all the others": every word of it counts.
  std::set<std::string> common = candidates.size() > 1 ? names.front() : std::set<std::string>();
  for (const auto& name : names) {
    if (candidates.size() == 1) break;
    std::set<std::string> both;
    std::set_intersection(common.begin(), common.end(), name.begin(), name.end(), std::inserter(both, both.end()));
    common = std::move(both);
  }
  std::size_t best = 0;
  std::vector<std::size_t> best_at;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    std::size_t shared = 0;
    for (const auto& word : names[i]) shared += store_words.count(word) != 0 && common.count(word) == 0 ? 1 : 0;
    if (shared > best) {
      best = shared;
      best_at = {i};
    } else if (shared == best && shared > 0) {
      best_at.push_back(i);
    }
  }
  if (best == 0 || best_at.size() != 1) return std::nullopt;
  return candidates[best_at.front()];
}

}  // namespace eatos::sevenshifts
