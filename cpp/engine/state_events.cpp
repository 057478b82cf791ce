#include "engine/state_events.h"

namespace sfn::engine {

EventType entered_event(asl::StateType type) {
  switch (type) {
    case asl::StateType::Pass:
      return EventType::PassStateEntered;
    case asl::StateType::Task:
      return EventType::TaskStateEntered;
    case asl::StateType::Choice:
      return EventType::ChoiceStateEntered;
    case asl::StateType::Wait:
      return EventType::WaitStateEntered;
    case asl::StateType::Succeed:
      return EventType::SucceedStateEntered;
    case asl::StateType::Fail:
      return EventType::FailStateEntered;
    case asl::StateType::Parallel:
      return EventType::ParallelStateEntered;
    case asl::StateType::Map:
      return EventType::MapStateEntered;
  }
  return EventType::PassStateEntered;
}

EventType exited_event(asl::StateType type) {
  switch (type) {
    case asl::StateType::Task:
      return EventType::TaskStateExited;
    case asl::StateType::Choice:
      return EventType::ChoiceStateExited;
    case asl::StateType::Wait:
      return EventType::WaitStateExited;
    case asl::StateType::Succeed:
      return EventType::SucceedStateExited;
    case asl::StateType::Parallel:
      return EventType::ParallelStateExited;
    case asl::StateType::Map:
      return EventType::MapStateExited;
    default:
      return EventType::PassStateExited;
  }
}

EventType aborted_event(asl::StateType type) {
  switch (type) {
    case asl::StateType::Wait:
      return EventType::WaitStateAborted;
    case asl::StateType::Parallel:
      return EventType::ParallelStateAborted;
    case asl::StateType::Map:
      return EventType::MapStateAborted;
    default:
      return EventType::TaskStateAborted;
  }
}

}  // namespace sfn::engine
