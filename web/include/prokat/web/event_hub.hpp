// EventHub: fans live events (camera scans, changes made by other desks) out to every
// connected WebSocket client. Thread-safe: Publish() may be called from any thread (the
// scanner's capture thread, request workers).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace prokat::web {

// The rental points an event concerns, or a subscriber may hear of: every point, or the listed
// ones. A subscriber hears an event when he sees every point it concerns.
struct EventPoints {
  bool all = false;
  std::vector<std::int64_t> points;

  bool Covers(const EventPoints& event) const;
};

class EventSubscriber {
 public:
  virtual ~EventSubscriber() = default;
  // Queues the message for sending; must not block.
  virtual void Send(std::shared_ptr<const std::string> message) = 0;
  // Closes the connection (server shutdown); must not block.
  virtual void Close() = 0;
};

class EventHub {
 public:
  // `points`: what the subscriber may hear of (std::nullopt: everything).
  void Subscribe(const std::shared_ptr<EventSubscriber>& subscriber,
                 std::optional<EventPoints> points = std::nullopt);
  // Sends `message` (a JSON text) to every live subscriber, or, when `points` is given, to those
  // who see all of them (a change made at a rental point is news for that point only).
  void Publish(std::string message, std::optional<EventPoints> points = std::nullopt);
  // Closes every subscriber and refuses new ones.
  void CloseAll();
  std::size_t subscriber_count();

 private:
  std::mutex mutex_;
  struct Entry {
    std::weak_ptr<EventSubscriber> subscriber;
    std::optional<EventPoints> points;
  };
  std::vector<Entry> subscribers_;  // guarded by mutex_
  bool closed_ = false;             // guarded by mutex_
};

}  // namespace prokat::web
