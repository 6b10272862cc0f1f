// JsonObject builds a JSON object one member at a time.
//
// nlohmann's brace form `{{"key", value}, ...}` first makes every pair a
// two-element array, then checks that all of them look like pairs and only then
// turns them into an object: a dozen allocations and copies per member. Rows are
// turned into JSON on every answer, so they use this instead: one map node per
// member, the value moved in.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

namespace pm {

class JsonObject {
 public:
  JsonObject() : value_(nlohmann::json::value_t::object) {}

  // Sets `key` (replacing an earlier value) and returns *this for chaining.
  template <typename V>
  JsonObject& Set(const char* key, V&& value) {
    Members().insert_or_assign(key, nlohmann::json(std::forward<V>(value)));
    return *this;
  }

  // Sets `key` to the value, or to null when it is absent.
  template <typename T>
  JsonObject& SetOrNull(const char* key, const std::optional<T>& value) {
    if (value) return Set(key, *value);
    return Set(key, nullptr);
  }

  // The object built; the builder is empty afterwards.
  nlohmann::json Take() { return std::move(value_); }

 private:
  nlohmann::json::object_t& Members() { return value_.get_ref<nlohmann::json::object_t&>(); }

  nlohmann::json value_;
};

}  // namespace pm
