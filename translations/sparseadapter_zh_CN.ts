<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>main</name>
    <message>
        <source>A workbench for SparseAdapter experiments on frozen language models.</source>
        <translation>用于在冻结语言模型上进行 SparseAdapter 实验的工作台。</translation>
    </message>
    <message>
        <source>Open the built-in demo model (the default).</source>
        <translation>打开内置演示模型（默认）。</translation>
    </message>
    <message>
        <source>HuggingFace checkpoint directory to open.</source>
        <translation>要打开的 HuggingFace 检查点目录。</translation>
    </message>
    <message>
        <source>Give one checkpoint directory or --demo, not both.</source>
        <translation>请指定一个检查点目录或 --demo，不能同时指定两者。</translation>
    </message>
    <message>
        <source>Run the built-in demo to the end, write a PNG of each main view into DIR, quit.</source>
        <translation>运行内置演示直至结束，将每个主视图的 PNG 写入 DIR，然后退出。</translation>
    </message>
</context>
<context>
    <name>sa::MainWindow</name>
    <message>
        <source>SparseAdapter Studio</source>
        <translation>SparseAdapter Studio</translation>
    </message>
    <message>
        <source>No model is open. Use File ▸ Open Model… to inspect a checkpoint.</source>
        <translation>尚未打开模型。请使用“文件 ▸ 打开模型…”查看检查点。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a HuggingFace checkpoint directory</source>
        <translation>打开 HuggingFace 检查点目录</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About SparseAdapter Studio</source>
        <translation>关于 SparseAdapter Studio(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>Open Model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>the built-in demo model</source>
        <translation>内置演示模型</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Could not open the model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>Could not open %1:

%2</source>
        <translation>无法打开 %1：

%2</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>About SparseAdapter Studio</source>
        <translation>关于 SparseAdapter Studio</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Training in %1</source>
        <translation>正在 %1 中训练</translation>
    </message>
    <message>
        <source>%v / %m steps</source>
        <translation>%v / %m 步</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Start Demo Run</source>
        <translation>开始演示运行(&amp;S)</translation>
    </message>
    <message>
        <source>Train a SNIP-pruned Houlsby adapter on the built-in model and corpus</source>
        <translation>在内置模型和语料上训练经 SNIP 剪枝的 Houlsby 适配器</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>将在当前步骤结束后停止…</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>loss %1 · ETA %2:%3</source>
        <translation>损失 %1 · 剩余时间 %2:%3</translation>
    </message>
    <message>
        <source>Stopped after step %1; the run in %2 can be resumed</source>
        <translation>已在第 %1 步后停止；%2 中的运行可以继续</translation>
    </message>
    <message>
        <source>Finished: best %1 %2 (run folder %3)</source>
        <translation>完成：最佳 %1 %2（运行目录 %3）</translation>
    </message>
    <message>
        <source>Finished (run folder %1)</source>
        <translation>完成（运行目录 %1）</translation>
    </message>
    <message>
        <source>The run failed</source>
        <translation>运行失败</translation>
    </message>
    <message>
        <source>Masks</source>
        <translation>掩码</translation>
    </message>
    <message>
        <source>CUDA (%1 devices)</source>
        <translation>CUDA（%1 个设备）</translation>
    </message>
    <message>
        <source>CPU (%1 threads)</source>
        <translation>CPU（%1 个线程）</translation>
    </message>
    <message>
        <source>&lt;h3&gt;SparseAdapter Studio %1&lt;/h3&gt;&lt;p&gt;A workbench for SparseAdapter experiments: adapter tuning of a frozen pretrained language model with adapter weights pruned once, at initialisation (He et al., Findings of EMNLP 2022).&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Released under the MIT licence.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;SparseAdapter Studio %1&lt;/h3&gt;&lt;p&gt;SparseAdapter 实验工作台：在冻结的预训练语言模型上进行适配器微调，适配器权重在初始化时一次性剪枝（He 等，Findings of EMNLP 2022）。&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;以 MIT 许可证发布。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>sa::MaskViews</name>
    <message>
        <source>Kept fraction per layer and module</source>
        <translation>各层各模块的保留比例</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>kept fraction</source>
        <translation>保留比例</translation>
    </message>
    <message>
        <source>Weights kept per layer</source>
        <translation>每层保留的权重</translation>
    </message>
    <message>
        <source>kept weights</source>
        <translation>保留的权重</translation>
    </message>
    <message>
        <source>No pruning round yet.</source>
        <translation>尚未进行剪枝。</translation>
    </message>
    <message>
        <source>enc %1</source>
        <translation>编码器 %1</translation>
    </message>
    <message>
        <source>dec %1</source>
        <translation>解码器 %1</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Pruning round %1 of %2 (epoch %3): %4 of %5 adapter weights kept (%6 %)</source>
        <translation>第 %1/%2 轮剪枝（第 %3 轮训练）：保留 %4 / %5 个适配器权重（%6 %）</translation>
    </message>
</context>
<context>
    <name>sa::ModelSummaryView</name>
    <message>
        <source>Checkpoint:</source>
        <translation>检查点：</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>架构：</translation>
    </message>
    <message>
        <source>Task head:</source>
        <translation>任务头：</translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation>层数：</translation>
    </message>
    <message>
        <source>Hidden size:</source>
        <translation>隐藏层大小：</translation>
    </message>
    <message>
        <source>Attention heads:</source>
        <translation>注意力头数：</translation>
    </message>
    <message>
        <source>Feed-forward size:</source>
        <translation>前馈层大小：</translation>
    </message>
    <message>
        <source>Vocabulary size:</source>
        <translation>词表大小：</translation>
    </message>
    <message>
        <source>Max positions:</source>
        <translation>最大位置数：</translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation>标签数：</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>参数量：</translation>
    </message>
    <message>
        <source>Weights format:</source>
        <translation>权重格式：</translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation>分词器：</translation>
    </message>
    <message>
        <source>Unused checkpoint tensors:</source>
        <translation>未使用的检查点张量：</translation>
    </message>
    <message>
        <source>Files read</source>
        <translation>已读取的文件</translation>
    </message>
    <message>
        <source>Newly initialised (not in the checkpoint)</source>
        <translation>新初始化的张量（检查点中不存在）</translation>
    </message>
    <message>
        <source>%1 encoder + %2 decoder</source>
        <translation>编码器 %1 层 + 解码器 %2 层</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>sa::TrainingCurves</name>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>loss (smoothed)</source>
        <translation>损失（平滑）</translation>
    </message>
    <message>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Weight of the exponential moving average drawn over the loss (0: none)</source>
        <translation>损失曲线指数移动平均的权重（0：不平滑）</translation>
    </message>
</context>
<context>
    <name>sa::TrainingSession</name>
    <message>
        <source>preparing the experiment</source>
        <translation>正在准备实验</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
</context>
</TS>
