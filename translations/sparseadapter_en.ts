<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>main</name>
    <message>
        <source>A workbench for SparseAdapter experiments on frozen language models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the built-in demo model (the default).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HuggingFace checkpoint directory to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give one checkpoint directory or --demo, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the built-in demo to the end, write a PNG of each main view into DIR, quit.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::MainWindow</name>
    <message>
        <source>SparseAdapter Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is open. Use File ▸ Open Model… to inspect a checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a HuggingFace checkpoint directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About SparseAdapter Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the built-in demo model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open %1:

%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About SparseAdapter Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%v / %m steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start Demo Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a SNIP-pruned Houlsby adapter on the built-in model and corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss %1 · ETA %2:%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped after step %1; the run in %2 can be resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished: best %1 %2 (run folder %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished (run folder %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA (%1 devices)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU (%1 threads)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;SparseAdapter Studio %1&lt;/h3&gt;&lt;p&gt;A workbench for SparseAdapter experiments: adapter tuning of a frozen pretrained language model with adapter weights pruned once, at initialisation (He et al., Findings of EMNLP 2022).&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Released under the MIT licence.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::MaskViews</name>
    <message>
        <source>Kept fraction per layer and module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept fraction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights kept per layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pruning round yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enc %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dec %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pruning round %1 of %2 (epoch %3): %4 of %5 adapter weights kept (%6 %)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::ModelSummaryView</name>
    <message>
        <source>Checkpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task head:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention heads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed-forward size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max positions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unused checkpoint tensors:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Newly initialised (not in the checkpoint)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 encoder + %2 decoder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::TrainingCurves</name>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss (smoothed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight of the exponential moving average drawn over the loss (0: none)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::TrainingSession</name>
    <message>
        <source>preparing the experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
