"""Background work leaves the calling thread and reports back through the UI-side queue."""
import threading

from kiosk.jobs import Inbox, Worker


def test_a_job_runs_off_the_calling_thread_and_its_result_comes_back_through_the_inbox():
    inbox, results = Inbox(), []
    worker = Worker(inbox.post, "t")
    worker.submit(lambda: threading.current_thread().name, lambda r, e: results.append((r, e)))
    assert inbox.run_one(5)
    worker.close()
    name, error = results[0]
    assert error is None and name.startswith("t") and name != threading.current_thread().name


def test_a_failing_job_hands_its_error_to_the_callback_instead_of_raising():
    inbox, results = Inbox(), []
    worker = Worker(inbox.post, "t")

    def boom():
        raise OSError("port gone")
    worker.submit(boom, lambda r, e: results.append(e))
    assert inbox.run_one(5)
    worker.close()
    assert isinstance(results[0], OSError)


def test_jobs_run_in_the_order_they_were_given():
    inbox, results = Inbox(), []
    worker = Worker(inbox.post, "t")
    for i in range(5):
        worker.submit(lambda i=i: i, lambda r, e: results.append(r))
    for _ in range(5):
        assert inbox.run_one(5)
    worker.close()
    assert results == [0, 1, 2, 3, 4]
