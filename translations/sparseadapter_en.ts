<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>SweepLauncher</name>
    <message>
        <source>%1 could not be started: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SPARSEADAPTER_CLI names %1, which is not an executable program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the sparseadapter command-line program was not found beside the Studio (set SPARSEADAPTER_CLI)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SweepValuesText</name>
    <message>
        <source>%1: a range is start:stop:step in numbers, got &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the step %2 does not lead from %3 to %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the range makes more than %2 values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a JSON list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: an empty value in &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <message>
        <source>The built-in demo --screenshot runs: sst-2 (the default), squad or summarization.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--screenshot: %1 is not a writable folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--screenshot: wrote %1 of %2 images into %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::AdapterExportDialog</name>
    <message>
        <source>Export Adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEFT (LoRA, prefix tuning)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdapterHub adapters (bottleneck adapters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Into folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the adapter into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) written to %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sa::BudgetPanel</name>
    <message>
        <source>attention adapter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA rank %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prefix length %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FFN adapter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no adapters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backbone (frozen):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trainable (nominal):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trainable (non-zero):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prunable weights kept:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sparsity pruned to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapter widths:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nominal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>non-zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trainable parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No configuration yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 of the backbone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Includes the task head (%1), trained with the adapters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No budget: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dense</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sparse %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Large-Sparse ×%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoder / decoder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in the encoder, %2 in the decoder (self- and cross-attention)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fused sources (frozen):</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>fusion over %n source(s) with %1</source>
        <translation>
            <numerusform>fusion over %n source with %1</numerusform>
            <numerusform>fusion over %n sources with %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 weights kept of %2, %3 biases and norms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dense fusion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sparse fusion %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adapter parameters (sources + fusion)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::ConfigDiffView</name>
    <message>
        <source>Select two or more runs and press Compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select two or more readable runs to compare their configurations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The configurations are identical.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Differing keys: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::ExperimentForm</name>
    <message>
        <source>%1, %2, %3 layers, hidden %4, %5 heads, %6 parameters; tokenizer: %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint directory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a HuggingFace checkpoint folder (config.json, weights, tokenizer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>folder with train.tsv and dev.tsv (empty: the demo&apos;s corpus)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max sequence length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training examples:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation examples:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Padding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group batches by length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bottleneck:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved widths:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train the task head (the reference freezes it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pruning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sparsity: the fraction of adapter weights removed (40 % keeps 60 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sparsity (removed):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mask scope:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Large-Sparse factor:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Iterations:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start epoch:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring batches:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break score ties at random (exactly k pruned)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max steps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation batch size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight decay:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warm-up ratio:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max gradient norm:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>each epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropout (off: deterministic, as the fixtures)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The configuration is not a JSON object (%1); showing the defaults.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another JSON value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>×%1 widens the adapter to %2 and prunes it to %3 % sparsity, keeping the dense adapter&apos;s weight count; the sparsity above is not used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model&apos;s config.json could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>derived: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the checkpoint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ignored settings this version does not know: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document stride:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N-best size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max answer length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in demo: %1, %2 layers, hidden %3, %4 heads, %5-word vocabulary; random weights from a fixed seed, with its own corpora.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data files (*.json *.jsonl *.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GLUE classification tasks, squad: SQuAD v1.1 question answering, or summarization: xsum, cnn_dailymail, or summarization for your own files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQuAD JSON, or JSON Lines / CSV for summarization (empty: the demo&apos;s corpus)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same format (empty: the demo&apos;s corpus, the eval split, or none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held-out records:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text field:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary field:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max source length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max target length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max eval target length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evaluation documents summarised by beam search and scored with ROUGE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated per evaluation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beams:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max summary length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min summary length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No-repeat n-gram size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length penalty:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Early stopping:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forced first token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label smoothing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw a head of another size afresh (a classifier trained for another label count)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>those of the source runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A finished run of the same model, with the same adapters as the sources already chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source runs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdapterFusion: fuse the frozen adapters of earlier runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdapterHub&apos;s default: query, key and value matrices, with the value regulariser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Query and key only: the attention mixes the sources&apos; outputs as they are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fusion preset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prune the fusion layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prunes the fusion layers&apos; query, key and value matrices with the Pruning section&apos;s method and sparsity; the sources keep their own masks</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::FusionSourceDialog</name>
    <message>
        <source>Add Source Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs of the same model whose adapters match the sources already chosen. Greyed-out runs say why they cannot be fused (hover).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a Source Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a source for this fusion</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::FusionView</name>
    <message>
        <source>Fusion attention per site and source adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>source adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fusion site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean attention probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fusion attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No evaluation yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fusion attention at step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No fusion layers in this run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fusion attention&apos;s labels and values disagree</source>
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
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The experiment has problems (shown in red): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its model is still being inspected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not resume the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n runs overlaid; Runs shows where their configurations differ</source>
        <translation>
            <numerusform>%n run shown; Runs lists its configuration</numerusform>
            <numerusform>%n runs overlaid; Runs shows where their configurations differ</numerusform>
        </translation>
    </message>
    <message>
        <source>Train the experiment of the form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inspecting the model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;Figures…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write every plot as PNG, PDF and SVG into a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;Tables…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the runs table and the budgets as CSV, Markdown and LaTeX into a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start &amp;Demo Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume Run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue a stopped run from its last checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SparseAdapter Studio will use %1 from its next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n files written to %1</source>
        <translation>
            <numerusform>%n file written to %1</numerusform>
            <numerusform>%n files written to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export Tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export the tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs can be opened once the current run has ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Reading %n runs…</source>
        <translation>
            <numerusform>Reading %n run…</numerusform>
            <numerusform>Reading %n runs…</numerusform>
        </translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluating: %1 of %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other &amp;Demos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Question Answering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train SNIP-pruned LoRA on the built-in question corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Summarization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a SNIP-pruned Houlsby adapter on the built-in BART&apos;s sentence-compression corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pruning kept density %1 (target %2): see Masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slow BLAS: install libopenblas0-pthread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run cannot be resumed as it is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start over (keep the old files in previous-N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue with the gaps in the history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweeps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;Adapter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a run&apos;s trained adapters for PEFT or AdapterHub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n adapter file(s) written</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Fusion</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::MaskMatrixView</name>
    <message>
        <source>Mask matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept and pruned weights of one mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shape and values disagree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2, %3 % kept</source>
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
    <message>
        <source>Warning: %1</source>
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
    <name>sa::PlotContextMenu</name>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF document, vector (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG image, vector (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Plot As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1 (PNG, PDF or SVG only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Plot As…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::PredictionsView</name>
    <message>
        <source>Question / input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample predictions appear here at every evaluation of a run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation at step %1: %2 of %3 sample predictions right.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::RunListModel</name>
    <message>
        <source>created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trainable %1 %, effective (non-zero) %2 % of the backbone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s of training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bottleneck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pruning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sparsity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trainable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effective trainable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>% backbone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Large-Sparse factor: bottleneck × k pruned to sparsity 1 − 1/k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fraction of adapter weights removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer steps done / total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best value of the main metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value of the main metric at the last evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trainable parameters that are not pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effective trainable parameters in % of the backbone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::RunsTable</name>
    <message>
        <source>Filter runs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plot the selected run&apos;s curves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overlay the curves of the selected runs and list where their configurations differ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the runs shown as CSV, Markdown and LaTeX tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no readable runs to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the runs table to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tables were not written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the runs folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs in %1 yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs: %1 of %2 shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorBoard folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder to pass to tensorboard --logdir: every run writes its curves there as it trains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs write TensorBoard event files into their tb/ folder while they train. To watch them, run:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy command</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::SamplesView</name>
    <message>
        <source>Generated summaries appear here at every evaluation of a summarization run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation at step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation at step %1: %2 documents, mean ROUGE-2 F %3 (the run&apos;s metrics average over all generated summaries).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source (excerpt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated summary</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::ScoreHistogramView</name>
    <message>
        <source>Histogram of the pruning scores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pruning scores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pruning round yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scores for this round.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exactly zero (not on the log axis)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 not finite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no single threshold (local scope, Erdős–Rényi, or nothing pruned)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>threshold 0: only the zero scores were pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pruned: score ≤ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 scores of %2 weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No score to bin (all zero or not finite).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>|score|</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>threshold %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::SweepGridEditor</name>
    <message>
        <source>Add Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vary one more key of the experiment: every combination of the keys&apos; values is a cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No experiment configuration yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The experiment form&apos;s configuration could not be read as a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>snip, random · 0.2:0.8:0.2 · [64, 128]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comma-separated values, a range start:stop:step (the stop included), or a JSON list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop varying this key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is varied twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n cells</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (budgets are summed up to %2 cells)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, total budget %2 trainable parameters (%3 non-zero)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::SweepPlot</name>
    <message>
        <source>dense adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sparsity (fraction removed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Large-Sparse k (bottleneck × k, sparsity 1 − 1/k)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, mean ± std over seeds</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::SweepTableModel</name>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (given up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n failed attempts; the last: %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n cells: %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sa::SweepsTab</name>
    <message>
        <source>Grid over the experiment form&apos;s configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sweep&apos;s folder name; launching an existing sweep again continues it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for sweeps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the cores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cells trained at a time on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run Locally</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the cluster&apos;s default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 2:00:00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit to Slurm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cells at a time:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On a Slurm cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time limit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop following this sweep here (its folder stays)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel Sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metric against sparsity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metric against Large-Sparse k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the sweep&apos;s name must be a folder name of letters, digits and . _ + -</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train the cells as processes on this computer, detached from the Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not now: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit the cells as one Slurm job array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slurm cannot be used from here: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the sweep: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command line: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue Sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the cells not finished yet: stopped ones continue from their checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the sweep&apos;s processes and Slurm jobs; Continue Sweep takes it up again</source>
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
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wall time (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (raw)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
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
