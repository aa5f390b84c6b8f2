// EventHub: fans live events (camera scans, changes made by other desks) out to every
// connected WebSocket client. Thread-safe: Publish() may be called from any thread (the
// scanner's capture thread, request workers).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace prokat::web {

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
  void Subscribe(const std::shared_ptr<EventSubscriber>& subscriber);
  // Sends `message` (a JSON text) to every live subscriber.
  void Publish(std::string message);
  // Closes every subscriber and refuses new ones.
  void CloseAll();
  std::size_t subscriber_count();

 private:
  std::mutex mutex_;
  std::vector<std::weak_ptr<EventSubscriber>> subscribers_;  // guarded by mutex_
  bool closed_ = false;                                      // guarded by mutex_
};

}  // namespace prokat::web
