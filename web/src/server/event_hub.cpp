#include "prokat/web/event_hub.hpp"

#include <algorithm>

namespace prokat::web {

bool EventPoints::Covers(const EventPoints& event) const {
  if (all) return true;
  if (event.all) return false;
  return std::all_of(event.points.begin(), event.points.end(), [&](std::int64_t p) {
    return std::find(points.begin(), points.end(), p) != points.end();
  });
}

void EventHub::Subscribe(const std::shared_ptr<EventSubscriber>& subscriber,
                         std::optional<EventPoints> points) {
  {
    std::lock_guard lock(mutex_);
    if (!closed_) {
      std::erase_if(subscribers_, [](const auto& e) { return e.subscriber.expired(); });
      subscribers_.push_back({subscriber, std::move(points)});
      return;
    }
  }
  subscriber->Close();
}

void EventHub::Publish(std::string message, std::optional<EventPoints> points) {
  auto shared = std::make_shared<const std::string>(std::move(message));
  std::vector<std::shared_ptr<EventSubscriber>> live;
  {
    std::lock_guard lock(mutex_);
    for (const auto& e : subscribers_) {
      if (points && e.points && !e.points->Covers(*points)) continue;
      if (auto s = e.subscriber.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->Send(shared);
}

void EventHub::CloseAll() {
  std::vector<std::shared_ptr<EventSubscriber>> live;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (const auto& e : subscribers_) {
      if (auto s = e.subscriber.lock()) live.push_back(std::move(s));
    }
    subscribers_.clear();
  }
  for (auto& s : live) s->Close();
}

std::size_t EventHub::subscriber_count() {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      std::count_if(subscribers_.begin(), subscribers_.end(),
                    [](const auto& e) { return !e.subscriber.expired(); }));
}

}  // namespace prokat::web
