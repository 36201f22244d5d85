#include "resource.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/pointer.h>

#include <cmath>

namespace sitepower::redfish {
namespace {

// Resource paths the driver follows: on the service, no query, no fragment
// (a legacy Power member's "@odata.id" is ".../Power#/PowerControl/0"), no
// climbing out with "..", and of a sane length.
bool is_service_path(std::string_view p) {
  return p.starts_with("/redfish/v1") && p.size() <= 512 && p.find_first_of("?#") == std::string_view::npos &&
         p.find("..") == std::string_view::npos;
}

}  // namespace

struct Resource::Doc {
  rapidjson::Document json;
  const rapidjson::Value* at(std::string_view pointer) const {
    const rapidjson::Pointer p(pointer.data(), pointer.size());
    if (!p.IsValid()) return nullptr;
    return p.Get(json);
  }
};

std::string Number::why() const {
  switch (state) {
    case State::Value: return "";
    case State::Missing: return "missing";
    case State::Null: return "null (not available)";
    case State::NotANumber: return "not a number";
  }
  return "";
}

Resource::Resource(std::string_view body) : doc_(std::make_unique<Doc>()) {
  doc_->json.Parse(body.data(), body.size());
  if (doc_->json.HasParseError()) {
    error_ = "not JSON (offset " + std::to_string(doc_->json.GetErrorOffset()) + ": " +
             rapidjson::GetParseError_En(doc_->json.GetParseError()) + ")";
  } else if (!doc_->json.IsObject()) {
    error_ = "not a JSON object";
  }
}

Resource::~Resource() = default;
Resource::Resource(Resource&&) noexcept = default;
Resource& Resource::operator=(Resource&&) noexcept = default;

std::optional<std::string> Resource::link(std::string_view pointer) const {
  if (!ok()) return std::nullopt;
  const rapidjson::Value* v = doc_->at(pointer);
  if (!v || !v->IsObject()) return std::nullopt;
  const auto id = v->FindMember("@odata.id");
  if (id == v->MemberEnd() || !id->value.IsString()) return std::nullopt;
  std::string path(id->value.GetString(), id->value.GetStringLength());
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (!is_service_path(path)) return std::nullopt;
  return path;
}

std::vector<std::string> Resource::members() const {
  std::vector<std::string> out;
  const std::size_t n = array_size("/Members");
  for (std::size_t i = 0; i < n; ++i) {
    if (auto l = link("/Members/" + std::to_string(i))) out.push_back(std::move(*l));
  }
  return out;
}

std::string Resource::text(std::string_view pointer) const {
  if (!ok()) return "";
  const rapidjson::Value* v = doc_->at(pointer);
  if (!v || !v->IsString()) return "";
  return {v->GetString(), v->GetStringLength()};
}

Number Resource::number(std::string_view pointer) const {
  Number n;
  if (!ok()) return n;
  const rapidjson::Value* v = doc_->at(pointer);
  if (!v) return n;
  if (v->IsNull()) {
    n.state = Number::State::Null;
  } else if (v->IsNumber() && std::isfinite(v->GetDouble())) {
    n.state = Number::State::Value;
    n.value = v->GetDouble();
  } else {
    n.state = Number::State::NotANumber;
  }
  return n;
}

bool Resource::has(std::string_view pointer) const { return ok() && doc_->at(pointer) != nullptr; }

std::size_t Resource::array_size(std::string_view pointer) const {
  if (!ok()) return 0;
  const rapidjson::Value* v = doc_->at(pointer);
  return v && v->IsArray() ? v->Size() : 0;
}

std::string last_segment(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace sitepower::redfish
