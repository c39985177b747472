"""With ``Snapshot.origin`` the window's export reproduces every run, however it got where it is."""

from nnplayground.core.export_script import export_script, replay_note
from nnplayground.core.presets import ARTICLE_ONE_HIDDEN_LAYER
from nnplayground.core.trainer import Trainer

from .test_export_script import CONFIGS, _draw_points, _imported, _run_script, shown_cost


def _window_export(trainer: Trainer) -> str:
    """What File ▸ Export ▸ Run as Python script… writes, from the snapshot alone."""
    snapshot = trainer.snapshot()
    return export_script(
        snapshot.config, snapshot.data, snapshot.epoch,
        generated_data=not snapshot.imported_data, origin=snapshot.origin,
    )  # fmt: skip


def test_points_drawn_before_training(tmp_path):
    trainer = Trainer(ARTICLE_ONE_HIDDEN_LAYER)
    _draw_points(trainer)
    assert float(_run_script(tmp_path, _window_export(trainer))) == shown_cost(trainer)
    trainer.train(500)
    assert float(_run_script(tmp_path, _window_export(trainer))) == shown_cost(trainer)
    assert replay_note(trainer.snapshot().origin, trainer.epoch) is None


def test_changes_mid_run_start_the_script_where_they_happened(tmp_path):
    trainer = Trainer(CONFIGS["deep tanh adam minibatch"])
    trainer.train(40)
    trainer.reconfigure(trainer.config.replace(learning_rate=0.02))
    trainer.train(30)
    trainer.set_weight(0, 0, 0, 0.25)
    trainer.train(30)
    assert trainer.snapshot().origin.epoch == 70
    assert float(_run_script(tmp_path, _window_export(trainer))) == shown_cost(trainer)


def test_a_rewind_keeps_the_runs_start(tmp_path):
    trainer = Trainer(CONFIGS["relu momentum l2 log-loss"], _imported(50))
    trainer.train(20)
    earlier = trainer.state()
    trainer.train(5)
    trainer.rewind(earlier)
    trainer.train(7)
    assert trainer.snapshot().origin.epoch == 0
    assert float(_run_script(tmp_path, _window_export(trainer))) == shown_cost(trainer)
