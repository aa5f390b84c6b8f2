#include "prokat/web/event_hub.hpp"

#include <algorithm>

namespace prokat::web {

void EventHub::Subscribe(const std::shared_ptr<EventSubscriber>& subscriber) {
  {
    std::lock_guard lock(mutex_);
    if (!closed_) {
      std::erase_if(subscribers_, [](const auto& w) { return w.expired(); });
      subscribers_.push_back(subscriber);
      return;
    }
  }
  subscriber->Close();
}

void EventHub::Publish(std::string message) {
  auto shared = std::make_shared<const std::string>(std::move(message));
  std::vector<std::shared_ptr<EventSubscriber>> live;
  {
    std::lock_guard lock(mutex_);
    for (const auto& w : subscribers_) {
      if (auto s = w.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->Send(shared);
}

void EventHub::CloseAll() {
  std::vector<std::shared_ptr<EventSubscriber>> live;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (const auto& w : subscribers_) {
      if (auto s = w.lock()) live.push_back(std::move(s));
    }
    subscribers_.clear();
  }
  for (auto& s : live) s->Close();
}

std::size_t EventHub::subscriber_count() {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(subscribers_.begin(), subscribers_.end(),
                                                [](const auto& w) { return !w.expired(); }));
}

}  // namespace prokat::web
