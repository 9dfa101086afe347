<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>SweepLauncher</name>
    <message>
        <source>%1 could not be started: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
    <message>
        <source>SPARSEADAPTER_CLI names %1, which is not an executable program</source>
        <translation>SPARSEADAPTER_CLI 指向的 %1 不是可执行程序</translation>
    </message>
    <message>
        <source>the sparseadapter command-line program was not found beside the Studio (set SPARSEADAPTER_CLI)</source>
        <translation>在 Studio 旁未找到 sparseadapter 命令行程序（请设置 SPARSEADAPTER_CLI）</translation>
    </message>
</context>
<context>
    <name>SweepValuesText</name>
    <message>
        <source>%1: a range is start:stop:step in numbers, got &apos;%2&apos;</source>
        <translation>%1：范围应为数字形式的 start:stop:step，实际为“%2”</translation>
    </message>
    <message>
        <source>%1: the step %2 does not lead from %3 to %4</source>
        <translation>%1：步长 %2 无法从 %3 到达 %4</translation>
    </message>
    <message>
        <source>%1: the range makes more than %2 values</source>
        <translation>%1：该范围产生的取值超过 %2 个</translation>
    </message>
    <message>
        <source>%1: no values</source>
        <translation>%1：没有取值</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a JSON list</source>
        <translation>%1：“%2”不是 JSON 列表</translation>
    </message>
    <message>
        <source>%1: an empty value in &apos;%2&apos;</source>
        <translation>%1：“%2”中有空值</translation>
    </message>
</context>
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
    <message>
        <source>The built-in demo --screenshot runs: sst-2 (the default), squad or summarization.</source>
        <translation>--screenshot 运行的内置演示：sst-2（默认）、squad 或 summarization。</translation>
    </message>
    <message>
        <source>--screenshot: %1 is not a writable folder</source>
        <translation>--screenshot：%1 不是可写入的文件夹</translation>
    </message>
    <message>
        <source>--screenshot: wrote %1 of %2 images into %3</source>
        <translation>--screenshot：已向 %3 写入 %2 张图像中的 %1 张</translation>
    </message>
</context>
<context>
    <name>sa::AdapterExportDialog</name>
    <message>
        <source>Export Adapter</source>
        <translation>导出适配器</translation>
    </message>
    <message>
        <source>PEFT (LoRA, prefix tuning)</source>
        <translation>PEFT（LoRA、前缀调优）</translation>
    </message>
    <message>
        <source>AdapterHub adapters (bottleneck adapters)</source>
        <translation>AdapterHub 适配器（瓶颈适配器）</translation>
    </message>
    <message>
        <source>Run: %1</source>
        <translation>运行：%1</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Into folder:</source>
        <translation>写入文件夹：</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export the adapter into</source>
        <translation>将适配器导出到</translation>
    </message>
    <message>
        <source>unknown format</source>
        <translation>未知格式</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>未导出：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) written to %1</source>
        <translation>
            <numerusform>已将 %n 个文件写入 %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sa::BudgetPanel</name>
    <message>
        <source>attention adapter %1</source>
        <translation>注意力适配器 %1</translation>
    </message>
    <message>
        <source>LoRA rank %1</source>
        <translation>LoRA 秩 %1</translation>
    </message>
    <message>
        <source>prefix length %1</source>
        <translation>前缀长度 %1</translation>
    </message>
    <message>
        <source>FFN adapter %1</source>
        <translation>FFN 适配器 %1</translation>
    </message>
    <message>
        <source>no adapters</source>
        <translation>无适配器</translation>
    </message>
    <message>
        <source>Backbone (frozen):</source>
        <translation>骨干模型（冻结）：</translation>
    </message>
    <message>
        <source>Trainable (nominal):</source>
        <translation>可训练参数（名义）：</translation>
    </message>
    <message>
        <source>Trainable (non-zero):</source>
        <translation>可训练参数（非零）：</translation>
    </message>
    <message>
        <source>Prunable weights kept:</source>
        <translation>保留的可剪枝权重：</translation>
    </message>
    <message>
        <source>Sparsity pruned to:</source>
        <translation>剪枝后稀疏度：</translation>
    </message>
    <message>
        <source>Adapter widths:</source>
        <translation>适配器宽度：</translation>
    </message>
    <message>
        <source>nominal</source>
        <translation>名义</translation>
    </message>
    <message>
        <source>non-zero</source>
        <translation>非零</translation>
    </message>
    <message>
        <source>trainable parameters</source>
        <translation>可训练参数</translation>
    </message>
    <message>
        <source>No configuration yet.</source>
        <translation>尚无配置。</translation>
    </message>
    <message>
        <source>%1 (%2 of the backbone)</source>
        <translation>%1（占骨干模型的 %2）</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Includes the task head (%1), trained with the adapters.</source>
        <translation>包含任务头（%1），与适配器一同训练。</translation>
    </message>
    <message>
        <source>No budget: %1</source>
        <translation>无法计算参数预算：%1</translation>
    </message>
    <message>
        <source>dense</source>
        <translation>稠密</translation>
    </message>
    <message>
        <source>sparse %1 %</source>
        <translation>稀疏 %1 %</translation>
    </message>
    <message>
        <source>Large-Sparse ×%1</source>
        <translation>Large-Sparse ×%1</translation>
    </message>
    <message>
        <source>Encoder / decoder:</source>
        <translation>编码器 / 解码器：</translation>
    </message>
    <message>
        <source>%1 in the encoder, %2 in the decoder (self- and cross-attention)</source>
        <translation>编码器中 %1，解码器中 %2（自注意力与交叉注意力）</translation>
    </message>
    <message>
        <source>Fused sources (frozen):</source>
        <translation>融合的源适配器（冻结）：</translation>
    </message>
    <message numerus="yes">
        <source>fusion over %n source(s) with %1</source>
        <translation>
            <numerusform>融合 %n 个源运行，%1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 weights kept of %2, %3 biases and norms</source>
        <translation>保留权重 %1 / %2，偏置与归一化参数 %3</translation>
    </message>
    <message>
        <source>dense fusion</source>
        <translation>稠密融合</translation>
    </message>
    <message>
        <source>sparse fusion %1 %</source>
        <translation>稀疏融合 %1 %</translation>
    </message>
    <message>
        <source>adapter parameters (sources + fusion)</source>
        <translation>适配器参数（源适配器 + 融合层）</translation>
    </message>
</context>
<context>
    <name>sa::ConfigDiffView</name>
    <message>
        <source>Select two or more runs and press Compare.</source>
        <translation>请选择两个或更多运行，然后点击“比较”。</translation>
    </message>
    <message>
        <source>%1: not a JSON object</source>
        <translation>%1：不是 JSON 对象</translation>
    </message>
    <message>
        <source>Select two or more readable runs to compare their configurations.</source>
        <translation>请选择两个或更多可读取的运行以比较其配置。</translation>
    </message>
    <message>
        <source>The configurations are identical.</source>
        <translation>配置完全相同。</translation>
    </message>
    <message>
        <source>Differing keys: %1</source>
        <translation>不同的键：%1</translation>
    </message>
</context>
<context>
    <name>sa::ExperimentForm</name>
    <message>
        <source>%1, %2, %3 layers, hidden %4, %5 heads, %6 parameters; tokenizer: %7</source>
        <translation>%1，%2，%3 层，隐藏层大小 %4，%5 个注意力头，%6 个参数；分词器：%7</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Built-in demo</source>
        <translation>内置演示</translation>
    </message>
    <message>
        <source>Checkpoint directory:</source>
        <translation>检查点目录：</translation>
    </message>
    <message>
        <source>a HuggingFace checkpoint folder (config.json, weights, tokenizer)</source>
        <translation>HuggingFace 检查点目录（config.json、权重、分词器）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Checkpoint directory</source>
        <translation>检查点目录</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>folder with train.tsv and dev.tsv (empty: the demo&apos;s corpus)</source>
        <translation>包含 train.tsv 和 dev.tsv 的目录（留空：使用演示语料）</translation>
    </message>
    <message>
        <source>Task data folder</source>
        <translation>任务数据目录</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>数据目录：</translation>
    </message>
    <message>
        <source>Max sequence length:</source>
        <translation>最大序列长度：</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Training examples:</source>
        <translation>训练样本数：</translation>
    </message>
    <message>
        <source>Evaluation examples:</source>
        <translation>评估样本数：</translation>
    </message>
    <message>
        <source>Padding:</source>
        <translation>填充：</translation>
    </message>
    <message>
        <source>Group batches by length</source>
        <translation>按长度对批次分组</translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation>适配器</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Bottleneck:</source>
        <translation>瓶颈维度：</translation>
    </message>
    <message>
        <source>Resolved widths:</source>
        <translation>实际宽度：</translation>
    </message>
    <message>
        <source>Train the task head (the reference freezes it)</source>
        <translation>训练任务头（参考实现将其冻结）</translation>
    </message>
    <message>
        <source>Pruning</source>
        <translation>剪枝</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>Sparsity: the fraction of adapter weights removed (40 % keeps 60 %)</source>
        <translation>稀疏度：移除的适配器权重比例（40 % 即保留 60 %）</translation>
    </message>
    <message>
        <source>Sparsity (removed):</source>
        <translation>稀疏度（移除比例）：</translation>
    </message>
    <message>
        <source>Mask scope:</source>
        <translation>掩码范围：</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Large-Sparse factor:</source>
        <translation>Large-Sparse 倍数：</translation>
    </message>
    <message>
        <source>Iterations:</source>
        <translation>迭代次数：</translation>
    </message>
    <message>
        <source>Schedule:</source>
        <translation>调度方式：</translation>
    </message>
    <message>
        <source>Start epoch:</source>
        <translation>起始轮次：</translation>
    </message>
    <message>
        <source>Scoring batches:</source>
        <translation>评分批次数：</translation>
    </message>
    <message>
        <source>Break score ties at random (exactly k pruned)</source>
        <translation>分数相同时随机取舍（恰好剪去 k 个）</translation>
    </message>
    <message>
        <source>Optimisation</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮次：</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Max steps:</source>
        <translation>最大步数：</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Evaluation batch size:</source>
        <translation>评估批大小：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Weight decay:</source>
        <translation>权重衰减：</translation>
    </message>
    <message>
        <source>Warm-up ratio:</source>
        <translation>预热比例：</translation>
    </message>
    <message>
        <source>Max gradient norm:</source>
        <translation>最大梯度范数：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>each epoch</source>
        <translation>每个轮次</translation>
    </message>
    <message>
        <source>Evaluate every:</source>
        <translation>评估间隔：</translation>
    </message>
    <message>
        <source>Checkpoint every:</source>
        <translation>检查点间隔：</translation>
    </message>
    <message>
        <source>Dropout (off: deterministic, as the fixtures)</source>
        <translation>Dropout（关闭：结果确定，与测试基准数据一致）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Run name:</source>
        <translation>运行名称：</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>输出目录：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>The configuration is not a JSON object (%1); showing the defaults.</source>
        <translation>配置不是 JSON 对象（%1）；将显示默认值。</translation>
    </message>
    <message>
        <source>another JSON value</source>
        <translation>其他 JSON 值</translation>
    </message>
    <message>
        <source>×%1 widens the adapter to %2 and prunes it to %3 % sparsity, keeping the dense adapter&apos;s weight count; the sparsity above is not used.</source>
        <translation>×%1 将适配器加宽至 %2 并剪枝至 %3 % 稀疏度，保持与稠密适配器相同的权重数；上方的稀疏度不再使用。</translation>
    </message>
    <message>
        <source>the model&apos;s config.json could not be read</source>
        <translation>无法读取模型的 config.json</translation>
    </message>
    <message>
        <source>derived: %1</source>
        <translation>自动生成：%1</translation>
    </message>
    <message>
        <source>Checking the checkpoint…</source>
        <translation>正在校验检查点…</translation>
    </message>
    <message>
        <source>Ignored settings this version does not know: %1</source>
        <translation>已忽略此版本无法识别的设置：%1</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>任务：</translation>
    </message>
    <message>
        <source>Training file:</source>
        <translation>训练文件：</translation>
    </message>
    <message>
        <source>Evaluation file:</source>
        <translation>评估文件：</translation>
    </message>
    <message>
        <source>Document stride:</source>
        <translation>文档步幅：</translation>
    </message>
    <message>
        <source>N-best size:</source>
        <translation>N-best 数量：</translation>
    </message>
    <message>
        <source>Max answer length:</source>
        <translation>最大答案长度：</translation>
    </message>
    <message>
        <source>Built-in demo: %1, %2 layers, hidden %3, %4 heads, %5-word vocabulary; random weights from a fixed seed, with its own corpora.</source>
        <translation>内置演示：%1，%2 层，隐藏维度 %3，%4 个注意力头，词表 %5 词；权重由固定种子随机生成，附带自己的语料。</translation>
    </message>
    <message>
        <source>from the checkpoint</source>
        <translation>取自检查点</translation>
    </message>
    <message>
        <source>Data file</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <source>Data files (*.json *.jsonl *.csv);;All files (*)</source>
        <translation>数据文件 (*.json *.jsonl *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>GLUE classification tasks, squad: SQuAD v1.1 question answering, or summarization: xsum, cnn_dailymail, or summarization for your own files</source>
        <translation>GLUE 分类任务；squad：SQuAD v1.1 问答；或摘要：xsum、cnn_dailymail，或用于自有文件的 summarization</translation>
    </message>
    <message>
        <source>SQuAD JSON, or JSON Lines / CSV for summarization (empty: the demo&apos;s corpus)</source>
        <translation>SQuAD JSON，或摘要用的 JSON Lines / CSV（留空：演示语料）</translation>
    </message>
    <message>
        <source>same format (empty: the demo&apos;s corpus, the eval split, or none)</source>
        <translation>格式相同（留空：演示语料、评估划分，或不评估）</translation>
    </message>
    <message>
        <source>Held-out records:</source>
        <translation>留出记录数：</translation>
    </message>
    <message>
        <source>Text field:</source>
        <translation>正文字段：</translation>
    </message>
    <message>
        <source>Summary field:</source>
        <translation>摘要字段：</translation>
    </message>
    <message>
        <source>Max source length:</source>
        <translation>最大源长度：</translation>
    </message>
    <message>
        <source>Max target length:</source>
        <translation>最大目标长度：</translation>
    </message>
    <message>
        <source>Max eval target length:</source>
        <translation>评估最大目标长度：</translation>
    </message>
    <message>
        <source>evaluation documents summarised by beam search and scored with ROUGE</source>
        <translation>用束搜索生成摘要并以 ROUGE 评分的评估文档数</translation>
    </message>
    <message>
        <source>Generated per evaluation:</source>
        <translation>每次评估生成数：</translation>
    </message>
    <message>
        <source>Beams:</source>
        <translation>束宽：</translation>
    </message>
    <message>
        <source>Max summary length:</source>
        <translation>最大摘要长度：</translation>
    </message>
    <message>
        <source>Min summary length:</source>
        <translation>最小摘要长度：</translation>
    </message>
    <message>
        <source>No-repeat n-gram size:</source>
        <translation>禁止重复 n-gram 长度：</translation>
    </message>
    <message>
        <source>Length penalty:</source>
        <translation>长度惩罚：</translation>
    </message>
    <message>
        <source>Early stopping:</source>
        <translation>提前停止：</translation>
    </message>
    <message>
        <source>Forced first token:</source>
        <translation>强制首词元：</translation>
    </message>
    <message>
        <source>Label smoothing:</source>
        <translation>标签平滑：</translation>
    </message>
    <message>
        <source>Draw a head of another size afresh (a classifier trained for another label count)</source>
        <translation>重新初始化尺寸不同的输出头（为其他标签数训练的分类器）</translation>
    </message>
    <message>
        <source>those of the source runs</source>
        <translation>沿用各源运行的适配器</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>A finished run of the same model, with the same adapters as the sources already chosen</source>
        <translation>同一模型上已完成的运行，其适配器须与已选的源运行相同</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Source runs:</source>
        <translation>源运行：</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>未添加：%1</translation>
    </message>
    <message>
        <source>AdapterFusion: fuse the frozen adapters of earlier runs</source>
        <translation>AdapterFusion：融合先前运行中冻结的适配器</translation>
    </message>
    <message>
        <source>AdapterHub&apos;s default: query, key and value matrices, with the value regulariser</source>
        <translation>AdapterHub 的默认设置：查询、键和值矩阵，并对值矩阵加正则项</translation>
    </message>
    <message>
        <source>Query and key only: the attention mixes the sources&apos; outputs as they are</source>
        <translation>仅查询和键矩阵：注意力直接混合各源适配器的原始输出</translation>
    </message>
    <message>
        <source>Fusion preset:</source>
        <translation>融合预设：</translation>
    </message>
    <message>
        <source>Prune the fusion layers</source>
        <translation>剪枝融合层</translation>
    </message>
    <message>
        <source>Prunes the fusion layers&apos; query, key and value matrices with the Pruning section&apos;s method and sparsity; the sources keep their own masks</source>
        <translation>按“剪枝”部分的方法和稀疏度剪枝融合层的查询、键和值矩阵；各源适配器保留自己的掩码</translation>
    </message>
</context>
<context>
    <name>sa::FusionSourceDialog</name>
    <message>
        <source>Add Source Runs</source>
        <translation>添加源运行</translation>
    </message>
    <message>
        <source>Runs of the same model whose adapters match the sources already chosen. Greyed-out runs say why they cannot be fused (hover).</source>
        <translation>同一模型且适配器与已选源一致的运行。灰色的运行说明了无法融合的原因（悬停查看）。</translation>
    </message>
    <message>
        <source>No runs in %1.</source>
        <translation>%1 中没有运行。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Add a Source Run</source>
        <translation>添加源运行</translation>
    </message>
    <message>
        <source>Not a source for this fusion</source>
        <translation>不能作为此融合的源</translation>
    </message>
</context>
<context>
    <name>sa::FusionView</name>
    <message>
        <source>Fusion attention per site and source adapter</source>
        <translation>各融合位置对各源适配器的融合注意力</translation>
    </message>
    <message>
        <source>source adapter</source>
        <translation>源适配器</translation>
    </message>
    <message>
        <source>fusion site</source>
        <translation>融合位置</translation>
    </message>
    <message>
        <source>mean attention probability</source>
        <translation>平均注意力概率</translation>
    </message>
    <message>
        <source>Fusion attention</source>
        <translation>融合注意力</translation>
    </message>
    <message>
        <source>No evaluation yet</source>
        <translation>尚无评估</translation>
    </message>
    <message>
        <source>Fusion attention at step %1</source>
        <translation>第 %1 步的融合注意力</translation>
    </message>
    <message>
        <source>No fusion layers in this run</source>
        <translation>此运行没有融合层</translation>
    </message>
    <message>
        <source>The fusion attention&apos;s labels and values disagree</source>
        <translation>融合注意力的标签与数值不一致</translation>
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
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行列表</translation>
    </message>
    <message>
        <source>The experiment has problems (shown in red): %1</source>
        <translation>实验配置有问题（以红色标出）：%1</translation>
    </message>
    <message>
        <source>its model is still being inspected</source>
        <translation>模型仍在检查中</translation>
    </message>
    <message>
        <source>Could not resume the run</source>
        <translation>无法继续运行</translation>
    </message>
    <message>
        <source>Showing run %1</source>
        <translation>正在显示运行 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n runs overlaid; Runs shows where their configurations differ</source>
        <translation>
            <numerusform>已叠加 %n 个运行；“运行列表”中显示其配置的差异</numerusform>
        </translation>
    </message>
    <message>
        <source>Train the experiment of the form</source>
        <translation>按表单中的实验配置进行训练</translation>
    </message>
    <message>
        <source>Not yet: %1</source>
        <translation>暂不可用：%1</translation>
    </message>
    <message>
        <source>inspecting the model…</source>
        <translation>正在检查模型…</translation>
    </message>
    <message>
        <source>Export &amp;Figures…</source>
        <translation>导出图表(&amp;F)…</translation>
    </message>
    <message>
        <source>Write every plot as PNG, PDF and SVG into a folder</source>
        <translation>将所有图表以 PNG、PDF 和 SVG 格式写入目录</translation>
    </message>
    <message>
        <source>Export &amp;Tables…</source>
        <translation>导出表格(&amp;T)…</translation>
    </message>
    <message>
        <source>Write the runs table and the budgets as CSV, Markdown and LaTeX into a folder</source>
        <translation>将运行表和参数预算以 CSV、Markdown 和 LaTeX 格式写入目录</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Start &amp;Demo Run</source>
        <translation>开始演示运行(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Resume Run…</source>
        <translation>继续运行(&amp;R)…</translation>
    </message>
    <message>
        <source>Continue a stopped run from its last checkpoint</source>
        <translation>从最近的检查点继续已停止的运行</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>SparseAdapter Studio will use %1 from its next start.</source>
        <translation>SparseAdapter Studio 将在下次启动时使用 %1。</translation>
    </message>
    <message>
        <source>Resume Run</source>
        <translation>继续运行</translation>
    </message>
    <message>
        <source>Export Figures</source>
        <translation>导出图表</translation>
    </message>
    <message numerus="yes">
        <source>%n files written to %1</source>
        <translation>
            <numerusform>已将 %n 个文件写入 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export Tables</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>Could not export the tables</source>
        <translation>无法导出表格</translation>
    </message>
    <message>
        <source>Runs can be opened once the current run has ended</source>
        <translation>当前运行结束后才能打开运行</translation>
    </message>
    <message>
        <source>Could not read the run</source>
        <translation>无法读取运行</translation>
    </message>
    <message numerus="yes">
        <source>Reading %n runs…</source>
        <translation>
            <numerusform>正在读取 %n 个运行…</numerusform>
        </translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Evaluating: %1 of %2 %3</source>
        <translation>正在评估：%1 / %2 %3</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样例</translation>
    </message>
    <message>
        <source>Other &amp;Demos</source>
        <translation>其他演示(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Question Answering</source>
        <translation>问答(&amp;Q)</translation>
    </message>
    <message>
        <source>Train SNIP-pruned LoRA on the built-in question corpus</source>
        <translation>在内置问题语料上训练经 SNIP 剪枝的 LoRA</translation>
    </message>
    <message>
        <source>&amp;Summarization</source>
        <translation>摘要(&amp;S)</translation>
    </message>
    <message>
        <source>Train a SNIP-pruned Houlsby adapter on the built-in BART&apos;s sentence-compression corpus</source>
        <translation>在内置 BART 的句子压缩语料上训练经 SNIP 剪枝的 Houlsby 适配器</translation>
    </message>
    <message>
        <source>Pruning kept density %1 (target %2): see Masks</source>
        <translation>剪枝后保留密度 %1（目标 %2）：见“掩码”</translation>
    </message>
    <message>
        <source>Slow BLAS: install libopenblas0-pthread</source>
        <translation>BLAS 较慢：请安装 libopenblas0-pthread</translation>
    </message>
    <message>
        <source>The run cannot be resumed as it is</source>
        <translation>无法按原样继续此运行</translation>
    </message>
    <message>
        <source>Start over (keep the old files in previous-N)</source>
        <translation>从头开始（旧文件保留在 previous-N 中）</translation>
    </message>
    <message>
        <source>Continue with the gaps in the history</source>
        <translation>在记录有缺口的情况下继续</translation>
    </message>
    <message>
        <source>Sweeps</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Export &amp;Adapter…</source>
        <translation>导出适配器(&amp;A)…</translation>
    </message>
    <message>
        <source>Write a run&apos;s trained adapters for PEFT or AdapterHub</source>
        <translation>将运行训练好的适配器写成 PEFT 或 AdapterHub 格式</translation>
    </message>
    <message>
        <source>Export Adapter</source>
        <translation>导出适配器</translation>
    </message>
    <message numerus="yes">
        <source>%n adapter file(s) written</source>
        <translation>
            <numerusform>已写入 %n 个适配器文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Fusion</source>
        <translation>融合</translation>
    </message>
</context>
<context>
    <name>sa::MaskMatrixView</name>
    <message>
        <source>Mask matrix</source>
        <translation>掩码矩阵</translation>
    </message>
    <message>
        <source>Kept and pruned weights of one mask</source>
        <translation>单个掩码中保留与剪除的权重</translation>
    </message>
    <message>
        <source>column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>已剪除</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>shape and values disagree</source>
        <translation>形状与数值不一致</translation>
    </message>
    <message>
        <source>%1 × %2, %3 % kept</source>
        <translation>%1 × %2，保留 %3 %</translation>
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
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
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
    <name>sa::PlotContextMenu</name>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>PDF document, vector (*.pdf)</source>
        <translation>PDF 文档，矢量 (*.pdf)</translation>
    </message>
    <message>
        <source>SVG image, vector (*.svg)</source>
        <translation>SVG 图像，矢量 (*.svg)</translation>
    </message>
    <message>
        <source>Save Plot As</source>
        <translation>图表另存为</translation>
    </message>
    <message>
        <source>Could not write %1 (PNG, PDF or SVG only).</source>
        <translation>无法写入 %1（仅支持 PNG、PDF 或 SVG）。</translation>
    </message>
    <message>
        <source>Save Plot As…</source>
        <translation>图表另存为…</translation>
    </message>
</context>
<context>
    <name>sa::PredictionsView</name>
    <message>
        <source>Question / input</source>
        <translation>问题 / 输入</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>标准答案</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测答案</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1 值</translation>
    </message>
    <message>
        <source>Sample predictions appear here at every evaluation of a run.</source>
        <translation>每次评估时，这里会显示样例预测。</translation>
    </message>
    <message>
        <source>Evaluation at step %1: %2 of %3 sample predictions right.</source>
        <translation>第 %1 步评估：%3 个样例预测中 %2 个正确。</translation>
    </message>
</context>
<context>
    <name>sa::RunListModel</name>
    <message>
        <source>created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>at step %1</source>
        <translation>于第 %1 步</translation>
    </message>
    <message>
        <source>trainable %1 %, effective (non-zero) %2 % of the backbone</source>
        <translation>可训练参数占骨干模型的 %1 %，有效（非零）参数占 %2 %</translation>
    </message>
    <message>
        <source>%1 s of training</source>
        <translation>训练 %1 秒</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation>适配器</translation>
    </message>
    <message>
        <source>Bottleneck</source>
        <translation>瓶颈维度</translation>
    </message>
    <message>
        <source>k</source>
        <translation>k</translation>
    </message>
    <message>
        <source>Pruning</source>
        <translation>剪枝</translation>
    </message>
    <message>
        <source>Sparsity</source>
        <translation>稀疏度</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>最终</translation>
    </message>
    <message>
        <source>Trainable</source>
        <translation>可训练</translation>
    </message>
    <message>
        <source>Effective trainable</source>
        <translation>有效可训练</translation>
    </message>
    <message>
        <source>% backbone</source>
        <translation>占骨干模型 %</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Large-Sparse factor: bottleneck × k pruned to sparsity 1 − 1/k</source>
        <translation>Large-Sparse 倍数：瓶颈维度 × k，剪枝至稀疏度 1 − 1/k</translation>
    </message>
    <message>
        <source>Fraction of adapter weights removed</source>
        <translation>被移除的适配器权重比例</translation>
    </message>
    <message>
        <source>Optimizer steps done / total</source>
        <translation>已完成 / 总优化器步数</translation>
    </message>
    <message>
        <source>Best value of the main metric</source>
        <translation>主指标的最佳值</translation>
    </message>
    <message>
        <source>Value of the main metric at the last evaluation</source>
        <translation>最后一次评估时的主指标值</translation>
    </message>
    <message>
        <source>Trainable parameters that are not pruned</source>
        <translation>未被剪枝的可训练参数</translation>
    </message>
    <message>
        <source>Effective trainable parameters in % of the backbone</source>
        <translation>有效可训练参数占骨干模型的百分比</translation>
    </message>
    <message>
        <source>Training time</source>
        <translation>训练时间</translation>
    </message>
</context>
<context>
    <name>sa::RunsTable</name>
    <message>
        <source>Filter runs…</source>
        <translation>筛选运行…</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Plot the selected run&apos;s curves</source>
        <translation>绘制所选运行的曲线</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Overlay the curves of the selected runs and list where their configurations differ</source>
        <translation>叠加所选运行的曲线，并列出其配置的差异</translation>
    </message>
    <message>
        <source>Export table…</source>
        <translation>导出表格…</translation>
    </message>
    <message>
        <source>Write the runs shown as CSV, Markdown and LaTeX tables</source>
        <translation>将当前显示的运行写为 CSV、Markdown 和 LaTeX 表格</translation>
    </message>
    <message>
        <source>There are no readable runs to export.</source>
        <translation>没有可导出的可读取运行。</translation>
    </message>
    <message>
        <source>Export the runs table to</source>
        <translation>将运行表导出到</translation>
    </message>
    <message>
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>The tables were not written: %1</source>
        <translation>未能写入表格：%1</translation>
    </message>
    <message>
        <source>Cannot read the runs folder: %1</source>
        <translation>无法读取运行所在目录：%1</translation>
    </message>
    <message>
        <source>No runs folder.</source>
        <translation>没有运行所在目录。</translation>
    </message>
    <message>
        <source>No runs in %1 yet.</source>
        <translation>%1 中还没有运行。</translation>
    </message>
    <message>
        <source>Runs: %1</source>
        <translation>运行：%1</translation>
    </message>
    <message>
        <source>Runs: %1 of %2 shown</source>
        <translation>运行：显示 %1 / %2</translation>
    </message>
    <message>
        <source>TensorBoard folder</source>
        <translation>TensorBoard 文件夹</translation>
    </message>
    <message>
        <source>The folder to pass to tensorboard --logdir: every run writes its curves there as it trains</source>
        <translation>传给 tensorboard --logdir 的文件夹：每个运行在训练时把曲线写到这里</translation>
    </message>
    <message>
        <source>Runs write TensorBoard event files into their tb/ folder while they train. To watch them, run:</source>
        <translation>运行在训练时把 TensorBoard 事件文件写入各自的 tb/ 文件夹。要查看它们，请运行：</translation>
    </message>
    <message>
        <source>Copy command</source>
        <translation>复制命令</translation>
    </message>
</context>
<context>
    <name>sa::SamplesView</name>
    <message>
        <source>Generated summaries appear here at every evaluation of a summarization run.</source>
        <translation>摘要运行的每次评估所生成的摘要显示在这里。</translation>
    </message>
    <message>
        <source>Evaluation at step %1</source>
        <translation>第 %1 步的评估</translation>
    </message>
    <message>
        <source>Evaluation at step %1: %2 documents, mean ROUGE-2 F %3 (the run&apos;s metrics average over all generated summaries).</source>
        <translation>第 %1 步的评估：%2 篇文档，平均 ROUGE-2 F 值 %3（运行的指标是对全部生成摘要的平均）。</translation>
    </message>
    <message>
        <source>Source (excerpt)</source>
        <translation>原文（节选）</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考摘要</translation>
    </message>
    <message>
        <source>Generated summary</source>
        <translation>生成的摘要</translation>
    </message>
</context>
<context>
    <name>sa::ScoreHistogramView</name>
    <message>
        <source>Histogram of the pruning scores</source>
        <translation>剪枝分数直方图</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>权重数</translation>
    </message>
    <message>
        <source>Pruning scores</source>
        <translation>剪枝分数</translation>
    </message>
    <message>
        <source>No pruning round yet.</source>
        <translation>尚未进行剪枝。</translation>
    </message>
    <message>
        <source>score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>No scores for this round.</source>
        <translation>本轮没有分数。</translation>
    </message>
    <message>
        <source>%1 exactly zero (not on the log axis)</source>
        <translation>%1 个恰为零（不在对数轴上）</translation>
    </message>
    <message>
        <source>%1 not finite</source>
        <translation>%1 个非有限值</translation>
    </message>
    <message>
        <source>no single threshold (local scope, Erdős–Rényi, or nothing pruned)</source>
        <translation>无统一阈值（局部范围、Erdős–Rényi 或未剪枝任何权重）</translation>
    </message>
    <message>
        <source>threshold 0: only the zero scores were pruned</source>
        <translation>阈值 0：仅剪除了分数为零的权重</translation>
    </message>
    <message>
        <source>pruned: score ≤ %1</source>
        <translation>已剪除：分数 ≤ %1</translation>
    </message>
    <message>
        <source>%1 scores of %2 weights</source>
        <translation>%2 个权重的 %1 分数</translation>
    </message>
    <message>
        <source>No score to bin (all zero or not finite).</source>
        <translation>没有可分箱的分数（全部为零或非有限值）。</translation>
    </message>
    <message>
        <source>|score|</source>
        <translation>|分数|</translation>
    </message>
    <message>
        <source>threshold %1</source>
        <translation>阈值 %1</translation>
    </message>
</context>
<context>
    <name>sa::SweepGridEditor</name>
    <message>
        <source>Add Key</source>
        <translation>添加键</translation>
    </message>
    <message>
        <source>Vary one more key of the experiment: every combination of the keys&apos; values is a cell</source>
        <translation>再改变实验的一个键：各键取值的每种组合即为一个单元</translation>
    </message>
    <message>
        <source>No experiment configuration yet.</source>
        <translation>尚无实验配置。</translation>
    </message>
    <message>
        <source>The experiment form&apos;s configuration could not be read as a JSON object.</source>
        <translation>无法将实验表单的配置读取为 JSON 对象。</translation>
    </message>
    <message>
        <source>snip, random · 0.2:0.8:0.2 · [64, 128]</source>
        <translation>snip, random · 0.2:0.8:0.2 · [64, 128]</translation>
    </message>
    <message>
        <source>Comma-separated values, a range start:stop:step (the stop included), or a JSON list</source>
        <translation>逗号分隔的取值、范围 start:stop:step（包含终点）或 JSON 列表</translation>
    </message>
    <message>
        <source>Stop varying this key</source>
        <translation>不再改变此键</translation>
    </message>
    <message>
        <source>%1 is varied twice</source>
        <translation>%1 被改变了两次</translation>
    </message>
    <message numerus="yes">
        <source>%n cells</source>
        <translation>
            <numerusform>%n 个单元</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (budgets are summed up to %2 cells)</source>
        <translation>%1（最多对 %2 个单元汇总参数预算）</translation>
    </message>
    <message>
        <source>%1, total budget %2 trainable parameters (%3 non-zero)</source>
        <translation>%1，总预算 %2 个可训练参数（非零 %3 个）</translation>
    </message>
</context>
<context>
    <name>sa::SweepPlot</name>
    <message>
        <source>dense adapter</source>
        <translation>稠密适配器</translation>
    </message>
    <message>
        <source>sparsity (fraction removed)</source>
        <translation>稀疏度（移除比例）</translation>
    </message>
    <message>
        <source>Large-Sparse k (bottleneck × k, sparsity 1 − 1/k)</source>
        <translation>Large-Sparse k（瓶颈 × k，稀疏度 1 − 1/k）</translation>
    </message>
    <message>
        <source>%1, mean ± std over seeds</source>
        <translation>%1，各随机种子的均值 ± 标准差</translation>
    </message>
</context>
<context>
    <name>sa::SweepTableModel</name>
    <message>
        <source>pending</source>
        <translation>待运行</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>%1 (given up)</source>
        <translation>%1（已放弃）</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Held by %1</source>
        <translation>由 %1 持有</translation>
    </message>
    <message numerus="yes">
        <source>%n failed attempts; the last: %1</source>
        <translation>
            <numerusform>%n 次尝试失败；最近一次：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%2 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n cells: %1</source>
        <translation>
            <numerusform>%n 个单元：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>sa::SweepsTab</name>
    <message>
        <source>Grid over the experiment form&apos;s configuration</source>
        <translation>基于实验表单配置的网格</translation>
    </message>
    <message>
        <source>The sweep&apos;s folder name; launching an existing sweep again continues it</source>
        <translation>扫描的目录名；再次启动已有的扫描会继续它</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Folder for sweeps</source>
        <translation>扫描目录</translation>
    </message>
    <message>
        <source>from the cores</source>
        <translation>按 CPU 核数</translation>
    </message>
    <message>
        <source>Cells trained at a time on this computer</source>
        <translation>本机同时训练的单元数</translation>
    </message>
    <message>
        <source>Run Locally</source>
        <translation>在本机运行</translation>
    </message>
    <message>
        <source>the cluster&apos;s default</source>
        <translation>集群默认值</translation>
    </message>
    <message>
        <source>e.g. 2:00:00</source>
        <translation>例如 2:00:00</translation>
    </message>
    <message>
        <source>Submit to Slurm</source>
        <translation>提交到 Slurm</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>目录：</translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation>在本机</translation>
    </message>
    <message>
        <source>Cells at a time:</source>
        <translation>同时运行的单元：</translation>
    </message>
    <message>
        <source>On a Slurm cluster</source>
        <translation>在 Slurm 集群上</translation>
    </message>
    <message>
        <source>Partition:</source>
        <translation>分区：</translation>
    </message>
    <message>
        <source>Time limit:</source>
        <translation>时间限制：</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Stop following this sweep here (its folder stays)</source>
        <translation>不再在此跟踪该扫描（其目录保留）</translation>
    </message>
    <message>
        <source>Sweep:</source>
        <translation>扫描：</translation>
    </message>
    <message>
        <source>Open Run</source>
        <translation>打开运行</translation>
    </message>
    <message>
        <source>Cancel Sweep</source>
        <translation>取消扫描</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Metric against sparsity</source>
        <translation>指标与稀疏度</translation>
    </message>
    <message>
        <source>Metric against Large-Sparse k</source>
        <translation>指标与 Large-Sparse k</translation>
    </message>
    <message>
        <source>the sweep&apos;s name must be a folder name of letters, digits and . _ + -</source>
        <translation>扫描名称必须是由字母、数字及 . _ + - 组成的目录名</translation>
    </message>
    <message>
        <source>Train the cells as processes on this computer, detached from the Studio</source>
        <translation>在本机以独立于 Studio 的进程训练各单元</translation>
    </message>
    <message>
        <source>Not now: %1</source>
        <translation>暂不可用：%1</translation>
    </message>
    <message>
        <source>Submit the cells as one Slurm job array</source>
        <translation>将各单元作为一个 Slurm 作业数组提交</translation>
    </message>
    <message>
        <source>Slurm cannot be used from here: %1</source>
        <translation>此处无法使用 Slurm：%1</translation>
    </message>
    <message>
        <source>Cannot read the sweep: %1</source>
        <translation>无法读取扫描：%1</translation>
    </message>
    <message>
        <source>Command line: %1</source>
        <translation>命令行：%1</translation>
    </message>
    <message>
        <source>Continue Sweep</source>
        <translation>继续扫描</translation>
    </message>
    <message>
        <source>Run the cells not finished yet: stopped ones continue from their checkpoints</source>
        <translation>运行尚未完成的单元：已停止的单元从其检查点继续</translation>
    </message>
    <message>
        <source>Continuing…</source>
        <translation>正在继续…</translation>
    </message>
    <message>
        <source>Stop the sweep&apos;s processes and Slurm jobs; Continue Sweep takes it up again</source>
        <translation>停止该扫描的进程和 Slurm 作业；“继续扫描”可再接着运行</translation>
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
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>wall time (s)</source>
        <translation>耗时（秒）</translation>
    </message>
    <message>
        <source>x axis</source>
        <translation>x 轴</translation>
    </message>
    <message>
        <source>%1 (raw)</source>
        <translation>%1（原始）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
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
