<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QCommandLineParser</name>
    <message>
        <source>Usage: %1</source>
        <translation>用法：%1</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>选项：</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>参数：</translation>
    </message>
    <message>
        <source>Displays help on commandline options.</source>
        <translation>显示命令行选项的帮助。</translation>
    </message>
    <message>
        <source>Displays help including Qt specific options.</source>
        <translation>显示帮助，包括 Qt 特有的选项。</translation>
    </message>
    <message>
        <source>Displays version information.</source>
        <translation>显示版本信息。</translation>
    </message>
    <message>
        <source>Unknown option &apos;%1&apos;.</source>
        <translation>未知选项“%1”。</translation>
    </message>
    <message>
        <source>Unknown options: %1.</source>
        <translation>未知选项：%1。</translation>
    </message>
    <message>
        <source>Missing value after &apos;%1&apos;.</source>
        <translation>“%1”之后缺少值。</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>显示详细信息...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>隐藏详细信息...</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>&amp;Layout:</source>
        <translation>布局(&amp;L)：</translation>
    </message>
    <message>
        <source>Hilbert curve</source>
        <translation>希尔伯特曲线</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>按行</translation>
    </message>
    <message>
        <source>Hilbert curve keeps neighbouring clusters together; rows read like text</source>
        <translation>希尔伯特曲线让相邻的簇排在一起；按行排列则像文字一样逐行阅读</translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation>缩小 (-)</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>放大 (+)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Show the whole map (0)</source>
        <translation>显示整张图 (0)</translation>
    </message>
    <message>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>全部保存</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>是(&amp;Y)</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>全部是(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>否(&amp;N)</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>全部否(&amp;O)</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>中止</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>恢复默认值</translation>
    </message>
</context>
<context>
    <name>QWizard</name>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 上一步(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>完成(&amp;F)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
<context>
    <name>diskscope::ui</name>
    <message>
        <source>Not read yet</source>
        <translation>尚未读取</translation>
    </message>
    <message>
        <source>An L2 table exists here; it is still being read</source>
        <translation>此处有 L2 表，正在读取</translation>
    </message>
    <message>
        <source>Unallocated</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>Stored nowhere in the chain: reads as zeros</source>
        <translation>链中任何一层都未存储：读出为零</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Stored in this image</source>
        <translation>存储在本镜像中</translation>
    </message>
    <message>
        <source>Zero</source>
        <translation>零</translation>
    </message>
    <message>
        <source>Zero flag: reads as zeros without data</source>
        <translation>零标志：不占数据，读出为零</translation>
    </message>
    <message>
        <source>Compressed</source>
        <translation>已压缩</translation>
    </message>
    <message>
        <source>Stored compressed in this image</source>
        <translation>以压缩形式存储在本镜像中</translation>
    </message>
    <message>
        <source>Partly allocated</source>
        <translation>部分分配</translation>
    </message>
    <message>
        <source>Subclusters (extended L2) in different states</source>
        <translation>子簇（扩展 L2）处于不同状态</translation>
    </message>
    <message>
        <source>Corrupt</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>The entry or its L2 table is invalid</source>
        <translation>该表项或其 L2 表无效</translation>
    </message>
    <message>
        <source>Backing file</source>
        <translation>后备文件</translation>
    </message>
    <message>
        <source>Not in this image: served by its backing file</source>
        <translation>不在本镜像中：由其后备文件提供</translation>
    </message>
    <message>
        <source>Backing layer 2</source>
        <translation>第 2 层后备</translation>
    </message>
    <message>
        <source>Served by the backing file&apos;s backing file</source>
        <translation>由后备文件的后备文件提供</translation>
    </message>
    <message>
        <source>Deeper layers</source>
        <translation>更深的层</translation>
    </message>
    <message>
        <source>Served by a layer further down the chain</source>
        <translation>由链中更下层提供</translation>
    </message>
    <message>
        <source>Clusters</source>
        <translation>簇</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>簇</translation>
    </message>
    <message>
        <source>%1 at guest offset %2 (%3)</source>
        <translation>%1，位于客户机偏移 %2（%3）</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>L1 index %1, L2 index %2</source>
        <translation>L1 索引 %1，L2 索引 %2</translation>
    </message>
    <message>
        <source>No L2 table (L1 entry %1)</source>
        <translation>没有 L2 表（L1 表项 %1）</translation>
    </message>
    <message>
        <source>L2 entry %1</source>
        <translation>L2 表项 %1</translation>
    </message>
    <message>
        <source>, bitmap %1</source>
        <translation>，位图 %1</translation>
    </message>
    <message>
        <source>L2 table at host offset %1</source>
        <translation>L2 表位于主机偏移 %1</translation>
    </message>
    <message>
        <source>Compressed data at host offset %1, %2 bytes</source>
        <translation>压缩数据位于主机偏移 %1，%2 字节</translation>
    </message>
    <message>
        <source>Host offset %1</source>
        <translation>主机偏移 %1</translation>
    </message>
    <message>
        <source> in the external data file</source>
        <translation>（在外部数据文件中）</translation>
    </message>
    <message>
        <source>Refcount %1</source>
        <translation>引用计数 %1</translation>
    </message>
    <message>
        <source>Served by backing layer %1</source>
        <translation>由第 %1 层后备提供</translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation>问题：%1</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>No reference and no refcount: space inside the file nothing uses</source>
        <translation>无引用且引用计数为零：文件内无人使用的空间</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>文件头</translation>
    </message>
    <message>
        <source>The qcow2 header and its extensions</source>
        <translation>qcow2 文件头及其扩展</translation>
    </message>
    <message>
        <source>L1 table</source>
        <translation>L1 表</translation>
    </message>
    <message>
        <source>The active L1 table</source>
        <translation>当前活动的 L1 表</translation>
    </message>
    <message>
        <source>L2 tables</source>
        <translation>L2 表</translation>
    </message>
    <message>
        <source>L2 tables of the active image</source>
        <translation>活动镜像的 L2 表</translation>
    </message>
    <message>
        <source>Refcount table</source>
        <translation>引用计数表</translation>
    </message>
    <message>
        <source>The refcount table</source>
        <translation>引用计数表</translation>
    </message>
    <message>
        <source>Refcount blocks</source>
        <translation>引用计数块</translation>
    </message>
    <message>
        <source>Snapshot table</source>
        <translation>快照表</translation>
    </message>
    <message>
        <source>The internal snapshot table</source>
        <translation>内部快照表</translation>
    </message>
    <message>
        <source>Snapshot tables</source>
        <translation>快照表</translation>
    </message>
    <message>
        <source>L1 and L2 tables only snapshots reach</source>
        <translation>仅由快照引用的 L1 和 L2 表</translation>
    </message>
    <message>
        <source>Bitmaps</source>
        <translation>位图</translation>
    </message>
    <message>
        <source>Persistent bitmap directory, tables and data</source>
        <translation>持久位图的目录、表和数据</translation>
    </message>
    <message>
        <source>Guest data of the active image</source>
        <translation>活动镜像的客户机数据</translation>
    </message>
    <message>
        <source>Host clusters holding compressed guest clusters</source>
        <translation>存放压缩客户机簇的主机簇</translation>
    </message>
    <message>
        <source>Snapshot data</source>
        <translation>快照数据</translation>
    </message>
    <message>
        <source>Guest data only snapshots reach: deleting them frees it</source>
        <translation>仅由快照引用的客户机数据：删除快照即可释放</translation>
    </message>
    <message>
        <source>Leaked</source>
        <translation>已泄漏</translation>
    </message>
    <message>
        <source>Refcount above zero but nothing refers to it (check -r leaks frees it)</source>
        <translation>引用计数大于零但无人引用（check -r leaks 可将其释放）</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Referenced as two different things: the image is corrupt</source>
        <translation>被当作两种不同的内容引用：镜像已损坏</translation>
    </message>
    <message>
        <source>Refcount 0: space inside the file nothing uses</source>
        <translation>引用计数 0：文件内无人使用的空间</translation>
    </message>
    <message>
        <source>Refcount 1</source>
        <translation>引用计数 1</translation>
    </message>
    <message>
        <source>Used once: by the active image or by one snapshot</source>
        <translation>使用一次：由活动镜像或某一个快照使用</translation>
    </message>
    <message>
        <source>Refcount 2</source>
        <translation>引用计数 2</translation>
    </message>
    <message>
        <source>Shared by two users: the active image and a snapshot, or two snapshots</source>
        <translation>由两者共享：活动镜像与一个快照，或两个快照</translation>
    </message>
    <message>
        <source>Refcount 3+</source>
        <translation>引用计数 3+</translation>
    </message>
    <message>
        <source>Shared by three users or more</source>
        <translation>由三者或更多共享</translation>
    </message>
    <message>
        <source>Refcount above the references found: check -r leaks frees it</source>
        <translation>引用计数高于实际引用数：check -r leaks 可将其释放</translation>
    </message>
    <message>
        <source>Beyond the file</source>
        <translation>超出文件末尾</translation>
    </message>
    <message>
        <source>Entries of the block past the end of the image file</source>
        <translation>该块中超出镜像文件末尾的表项</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::AmendDialog</name>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Compat 0.10 cannot use an external data file.</source>
        <translation>兼容性 0.10 不能使用外部数据文件。</translation>
    </message>
    <message>
        <source>Compat 0.10 cannot express the extended L2 entries this image uses.</source>
        <translation>兼容性 0.10 无法表示此镜像使用的扩展 L2 表项。</translation>
    </message>
    <message>
        <source>The image is marked corrupt: repair it before going back to compat 0.10.</source>
        <translation>镜像被标记为已损坏：请先修复，再降回兼容性 0.10。</translation>
    </message>
    <message>
        <source>Compat 0.10 cannot keep the image&apos;s persistent bitmaps: remove them first.</source>
        <translation>兼容性 0.10 无法保留镜像的持久位图：请先删除它们。</translation>
    </message>
    <message>
        <source>Compat 0.10 cannot record the disk size of internal snapshot “%1”.</source>
        <translation>兼容性 0.10 无法记录内部快照“%1”的磁盘大小。</translation>
    </message>
    <message>
        <source>Compat 0.10 needs 16-bit refcounts: choose 16 bits first.</source>
        <translation>兼容性 0.10 需要 16 位引用计数：请先选择 16 位。</translation>
    </message>
    <message>
        <source>Compat 0.10 cannot postpone refcount updates: turn lazy refcounts off first.</source>
        <translation>兼容性 0.10 不能推迟引用计数更新：请先关闭延迟引用计数。</translation>
    </message>
    <message>
        <source>Refcount widths other than 16 bits need compat 1.1.</source>
        <translation>16 位以外的引用计数位宽需要兼容性 1.1。</translation>
    </message>
    <message>
        <source>Lazy refcounts need compat 1.1.</source>
        <translation>延迟引用计数需要兼容性 1.1。</translation>
    </message>
    <message>
        <source>Enter the new virtual size.</source>
        <translation>请输入新的虚拟大小。</translation>
    </message>
    <message>
        <source>The size must be a whole number of 512-byte sectors.</source>
        <translation>大小必须是 512 字节扇区的整数倍。</translation>
    </message>
    <message>
        <source>A version 2 image with internal snapshots cannot change its size.</source>
        <translation>带有内部快照的版本 2 镜像不能改变大小。</translation>
    </message>
    <message>
        <source>Choose the backing file&apos;s format.</source>
        <translation>请选择后备文件的格式。</translation>
    </message>
    <message>
        <source>Enter the name of the external data file.</source>
        <translation>请输入外部数据文件的名称。</translation>
    </message>
    <message>
        <source>Amend %1</source>
        <translation>修改 %1 的选项</translation>
    </message>
    <message>
        <source>Amend rewrites the options of %1 in place; the guest&apos;s data is kept. Everything that would be refused is checked before the first write, and each step leaves a consistent image if it is interrupted. Stop every virtual machine that uses the image first.</source>
        <translation>修改操作会就地重写 %1 的选项，客户机数据保持不变。所有会被拒绝的情况都在第一次写入前检查，每一步即使被中断也会留下一致的镜像。请先停止所有使用该镜像的虚拟机。</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>1.1 (version 3)</source>
        <translation>1.1（版本 3）</translation>
    </message>
    <message>
        <source>0.10 (version 2, for old QEMU)</source>
        <translation>0.10（版本 2，用于旧版 QEMU）</translation>
    </message>
    <message>
        <source>&amp;Compatibility:</source>
        <translation>兼容性(&amp;C)：</translation>
    </message>
    <message>
        <source>Postpone refcount updates</source>
        <translation>推迟引用计数更新</translation>
    </message>
    <message>
        <source>&amp;Lazy refcounts:</source>
        <translation>延迟引用计数(&amp;L)：</translation>
    </message>
    <message>
        <source>1 bit</source>
        <translation>1 位</translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation>%1 位</translation>
    </message>
    <message>
        <source>&amp;Refcount width:</source>
        <translation>引用计数位宽(&amp;R)：</translation>
    </message>
    <message>
        <source>Virtual &amp;size:</source>
        <translation>虚拟大小(&amp;S)：</translation>
    </message>
    <message>
        <source>Backing file name</source>
        <translation>后备文件名</translation>
    </message>
    <message>
        <source>Backing file format</source>
        <translation>后备文件格式</translation>
    </message>
    <message>
        <source>&amp;Backing file:</source>
        <translation>后备文件(&amp;B)：</translation>
    </message>
    <message>
        <source>Data file name</source>
        <translation>数据文件名</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>The data file is kept valid as a raw image of the disk (data_file_raw)</source>
        <translation>数据文件始终保持为磁盘的有效 raw 镜像（data_file_raw）</translation>
    </message>
    <message>
        <source>%1 (raw)</source>
        <translation>%1（raw）</translation>
    </message>
    <message>
        <source>&amp;Data file:</source>
        <translation>数据文件(&amp;D)：</translation>
    </message>
    <message>
        <source>Amend Image</source>
        <translation>修改镜像</translation>
    </message>
    <message>
        <source>Readable by QEMU before 1.1; zero clusters are rewritten the way version 2 can express them.</source>
        <translation>QEMU 1.1 之前的版本也能读取；零簇会按版本 2 能表示的方式重写。</translation>
    </message>
    <message>
        <source>1.1 is what QEMU 1.1 and later create; 0.10 only for very old readers.</source>
        <translation>1.1 是 QEMU 1.1 及更高版本创建的格式；0.10 仅用于非常旧的读取程序。</translation>
    </message>
    <message>
        <source>Not available: lazy refcounts need compat 1.1.</source>
        <translation>不可用：延迟引用计数需要兼容性 1.1。</translation>
    </message>
    <message>
        <source>Faster writes; after a crash the refcounts are repaired on the next open.</source>
        <translation>写入更快；崩溃后会在下次打开时修复引用计数。</translation>
    </message>
    <message>
        <source>Compat 0.10 allows only 16 bits.</source>
        <translation>兼容性 0.10 只允许 16 位。</translation>
    </message>
    <message>
        <source>Only 16 bits with compat 0.10; the other widths need compat 1.1.</source>
        <translation>兼容性 0.10 只能用 16 位；其他位宽需要兼容性 1.1。</translation>
    </message>
    <message>
        <source>Wider entries allow more snapshots of a cluster; narrower ones save metadata.</source>
        <translation>更宽的表项允许一个簇被更多快照引用；更窄的表项节省元数据。</translation>
    </message>
    <message>
        <source>Not available: a version 2 image with internal snapshots cannot change its size.</source>
        <translation>不可用：带有内部快照的版本 2 镜像不能改变大小。</translation>
    </message>
    <message>
        <source>Shrinking discards everything the guest stored beyond %1.</source>
        <translation>缩小会丢弃客户机在 %1 之后存储的所有内容。</translation>
    </message>
    <message>
        <source>Growing adds space that reads as zeros; the guest&apos;s partitions stay as they are.</source>
        <translation>扩大会增加读作零的空间；客户机的分区保持不变。</translation>
    </message>
    <message>
        <source>Only the name in the header changes (like rebase -u): nothing is copied, so the new file must hold the same data. Empty: the image forgets its backing file.</source>
        <translation>只修改文件头中的名称（同 rebase -u）：不复制任何内容，因此新文件必须包含相同的数据。留空：镜像不再使用后备文件。</translation>
    </message>
    <message>
        <source>The new name of the existing data file (the file itself is not moved). “Raw” can only be turned off: the data file then stops being a readable raw image.</source>
        <translation>现有数据文件的新名称（文件本身不会被移动）。“原始”只能关闭：关闭后数据文件不再是可读取的 raw 镜像。</translation>
    </message>
    <message>
        <source>Not available: %1 has no external data file; one is chosen only at creation.</source>
        <translation>不可用：%1 没有外部数据文件；外部数据文件只能在创建时选择。</translation>
    </message>
    <message>
        <source>compat %1 → %2</source>
        <translation>兼容性 %1 → %2</translation>
    </message>
    <message>
        <source>lazy refcounts %1 → %2</source>
        <translation>延迟引用计数 %1 → %2</translation>
    </message>
    <message>
        <source>refcount width %1 → %2 bits</source>
        <translation>引用计数位宽 %1 → %2 位</translation>
    </message>
    <message>
        <source>size %1 → %2</source>
        <translation>大小 %1 → %2</translation>
    </message>
    <message>
        <source>backing file %1 → %2</source>
        <translation>后备文件 %1 → %2</translation>
    </message>
    <message>
        <source>data file %1 → %2</source>
        <translation>数据文件 %1 → %2</translation>
    </message>
    <message>
        <source>raw data file %1 → %2</source>
        <translation>原始数据文件 %1 → %2</translation>
    </message>
    <message>
        <source>%1 cannot be written: you do not have permission.</source>
        <translation>无法写入 %1：你没有权限。</translation>
    </message>
    <message>
        <source>Change at least one option.</source>
        <translation>请至少修改一个选项。</translation>
    </message>
    <message>
        <source>Amend Image?</source>
        <translation>修改镜像？</translation>
    </message>
    <message>
        <source>Change the options of %1?</source>
        <translation>要修改 %1 的选项吗？</translation>
    </message>
    <message>
        <source>%1 is rewritten in place: %2.</source>
        <translation>%1 将被就地重写：%2。</translation>
    </message>
    <message>
        <source>Everything beyond %1 is lost.</source>
        <translation>%1 之后的所有内容都将丢失。</translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation>此操作无法撤销。</translation>
    </message>
    <message>
        <source>Amending %1 (with QEMU&apos;s write lock)</source>
        <translation>正在修改 %1（持有 QEMU 写锁）</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::ChainDialog</name>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Safety note</source>
        <translation>安全说明</translation>
    </message>
    <message>
        <source>Equivalent command:</source>
        <translation>等效命令：</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::ChainGraph</name>
    <message>
        <source>Backing chain graph</source>
        <translation>后备链图</translation>
    </message>
    <message>
        <source>%1 (%2) serves %3</source>
        <translation>%1（%2）提供 %3</translation>
    </message>
    <message>
        <source>No chain read yet</source>
        <translation>尚未读取后备链</translation>
    </message>
    <message>
        <source>backing file</source>
        <translation>后备文件</translation>
    </message>
    <message>
        <source>image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>base</source>
        <translation>基础镜像</translation>
    </message>
    <message>
        <source>backing layer %1</source>
        <translation>第 %1 层后备</translation>
    </message>
    <message>
        <source>%1 · virtual size %2 · file %3</source>
        <translation>%1 · 虚拟大小 %2 · 文件 %3</translation>
    </message>
    <message>
        <source>serves %1 of the guest disk (%2)</source>
        <translation>提供客户机磁盘的 %1（%2）</translation>
    </message>
    <message>
        <source>Not allocated in any layer (reads as zeros): %1 (%2)</source>
        <translation>任何层都未分配（读出为零）：%1（%2）</translation>
    </message>
    <message>
        <source>The chain stops here: %1</source>
        <translation>后备链到此中断：%1</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::ChainGraphPanel</name>
    <message>
        <source>Backing chain</source>
        <translation>后备链</translation>
    </message>
    <message>
        <source>Each layer answers the guest ranges it allocates; the rest reads through to the layer below.</source>
        <translation>每一层只提供自己已分配的客户机区间，其余部分由下一层读出。</translation>
    </message>
    <message>
        <source>Reading the block status of every layer…</source>
        <translation>正在读取每一层的块状态…</translation>
    </message>
    <message>
        <source>Could not read the chain: %1</source>
        <translation>无法读取后备链：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s), guest disk %1</source>
        <translation>
            <numerusform>%n 层，客户机磁盘 %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>diskscope::ui::CheckRepairDialog</name>
    <message>
        <source>Check and Repair %1</source>
        <translation>检查与修复 %1</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Repair &amp;Leaks…</source>
        <translation>修复泄漏(&amp;L)…</translation>
    </message>
    <message>
        <source>Lower the refcounts of leaked clusters so that their space is used again (%1)</source>
        <translation>降低泄漏簇的引用计数，使其空间可以再次使用（%1）</translation>
    </message>
    <message>
        <source>Repair &amp;All…</source>
        <translation>全部修复(&amp;A)…</translation>
    </message>
    <message>
        <source>Fix leaks and corruptions, rebuilding the refcount structures when needed (%1)</source>
        <translation>修复泄漏和损坏，必要时重建引用计数结构（%1）</translation>
    </message>
    <message>
        <source>Diskscope takes QEMU&apos;s write lock on %1 and lowers the refcounts of %2 leaked cluster(s) to what the tables reference, so that their space is used again. Guest data is not changed. Stop any virtual machine that uses the image first.</source>
        <translation>Diskscope 将获取 %1 的 QEMU 写锁，把 %2 个泄漏簇的引用计数降低到表实际引用的数量，使其空间可以再次使用。客户机数据不会改变。请先停止使用该镜像的所有虚拟机。</translation>
    </message>
    <message>
        <source>Diskscope takes QEMU&apos;s write lock on %1 and rewrites its refcounts (rebuilding the refcount structures when they are damaged) and the tables&apos; COPIED flags, for %2 corruption(s) and %3 leaked cluster(s). Data that corrupt entries point at may not be recoverable. Stop any virtual machine that uses the image, and keep a copy if the data matters.</source>
        <translation>Diskscope 将获取 %1 的 QEMU 写锁，针对 %2 处损坏和 %3 个泄漏簇重写其引用计数（引用计数结构受损时予以重建）以及表中的 COPIED 标志。损坏表项所指向的数据可能无法恢复。请停止使用该镜像的所有虚拟机；如果数据重要，请先保留一份副本。</translation>
    </message>
    <message>
        <source>Repair Leaks?</source>
        <translation>修复泄漏？</translation>
    </message>
    <message>
        <source>Repair All Errors?</source>
        <translation>修复所有错误？</translation>
    </message>
    <message>
        <source>Repair the leaked clusters of %1?</source>
        <translation>修复 %1 的泄漏簇？</translation>
    </message>
    <message>
        <source>Repair all errors of %1?</source>
        <translation>修复 %1 的所有错误？</translation>
    </message>
    <message>
        <source>Repair Leaks</source>
        <translation>修复泄漏</translation>
    </message>
    <message>
        <source>Repair All</source>
        <translation>全部修复</translation>
    </message>
    <message>
        <source>Repair %1</source>
        <translation>修复 %1</translation>
    </message>
    <message>
        <source>Repairing %1…</source>
        <translation>正在修复 %1…</translation>
    </message>
    <message>
        <source>Repairing the leaks of %1 (with QEMU&apos;s write lock)</source>
        <translation>正在修复 %1 的泄漏（持有 QEMU 写锁）</translation>
    </message>
    <message>
        <source>Repairing all errors of %1 (with QEMU&apos;s write lock)</source>
        <translation>正在修复 %1 的所有错误（持有 QEMU 写锁）</translation>
    </message>
    <message>
        <source>The check of %1 was cancelled.</source>
        <translation>%1 的检查已取消。</translation>
    </message>
    <message>
        <source>The check of %1 failed: %2</source>
        <translation>%1 的检查失败：%2</translation>
    </message>
    <message>
        <source>The repair could not complete: %1</source>
        <translation>修复未能完成：%1</translation>
    </message>
    <message>
        <source>Repaired %1: %2 leaked cluster(s) and %3 corruption(s) fixed. Checked again below.</source>
        <translation>已修复 %1：修复了 %2 个泄漏簇和 %3 处损坏。下方为重新检查的结果。</translation>
    </message>
    <message>
        <source>The repair of %1 was cancelled.</source>
        <translation>%1 的修复已取消。</translation>
    </message>
    <message>
        <source>The repair of %1 failed: %2</source>
        <translation>%1 的修复失败：%2</translation>
    </message>
    <message>
        <source>Repairing…</source>
        <translation>正在修复…</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Repairs are offered once the check has finished.</source>
        <translation>检查完成后才会提供修复。</translation>
    </message>
    <message>
        <source>Check %1 first: repairs are offered for what a check finds.</source>
        <translation>请先检查 %1：修复针对检查发现的问题。</translation>
    </message>
    <message>
        <source>%1 is a raw image: it has no metadata to repair.</source>
        <translation>%1 是原始镜像：没有可修复的元数据。</translation>
    </message>
    <message>
        <source>Nothing to repair: the check found no leaks and no corruptions.</source>
        <translation>无需修复：检查未发现泄漏或损坏。</translation>
    </message>
    <message>
        <source>You do not have permission to write %1.</source>
        <translation>您没有写入 %1 的权限。</translation>
    </message>
    <message>
        <source>Repair Leaks is unavailable: there are no leaked clusters, only corruptions (Repair All fixes them).</source>
        <translation>“修复泄漏”不可用：没有泄漏的簇，只有损坏（“全部修复”可以修复它们）。</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::CheckReportView</name>
    <message>
        <source>Corruption</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>Leak</source>
        <translation>泄漏</translation>
    </message>
    <message>
        <source>Check error</source>
        <translation>检查错误</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>修复</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Check report</source>
        <translation>检查报告</translation>
    </message>
    <message>
        <source>Check Now</source>
        <translation>立即检查</translation>
    </message>
    <message>
        <source>Check findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Host offset</source>
        <translation>主机偏移</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Check Again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>正在检查 %1…</translation>
    </message>
    <message>
        <source>%1 has not been checked yet.</source>
        <translation>%1 尚未检查。</translation>
    </message>
    <message>
        <source>Nothing to check: this layer did not open.</source>
        <translation>无可检查：此层未能打开。</translation>
    </message>
    <message>
        <source>A check reads every table (read-only, without locks) and counts each cluster&apos;s references against its refcount.</source>
        <translation>检查会读取每一张表（只读，不加锁），并将每个簇的引用数与其引用计数进行核对。</translation>
    </message>
    <message>
        <source>%1 is a raw image: it has no metadata to check.</source>
        <translation>%1 是原始镜像：没有可检查的元数据。</translation>
    </message>
    <message>
        <source>The check could not complete: %1</source>
        <translation>检查未能完成：%1</translation>
    </message>
    <message>
        <source>No errors were found on %1.</source>
        <translation>在 %1 中未发现错误。</translation>
    </message>
    <message>
        <source>%1: %2, %3</source>
        <translation>%1：%2，%3</translation>
    </message>
    <message>
        <source>%1 corruption</source>
        <translation>%1 处损坏</translation>
    </message>
    <message>
        <source>%1 corruptions</source>
        <translation>%1 处损坏</translation>
    </message>
    <message>
        <source>%1 leaked cluster</source>
        <translation>%1 个泄漏的簇</translation>
    </message>
    <message>
        <source>%1 leaked clusters</source>
        <translation>%1 个泄漏的簇</translation>
    </message>
    <message>
        <source>%1 of %2 clusters allocated (%3 %), %4 % fragmented, %5 compressed</source>
        <translation>已分配 %1 / %2 个簇（%3 %），碎片 %4 %，压缩 %5 个</translation>
    </message>
    <message>
        <source>Image end offset: %1</source>
        <translation>镜像结束偏移：%1</translation>
    </message>
    <message>
        <source>%1 parts could not be checked</source>
        <translation>%1 个部分无法检查</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::CommandField</name>
    <message>
        <source>Equivalent command line</source>
        <translation>等效命令行</translation>
    </message>
    <message>
        <source>The diskscope-img command that does the same; paste it into a terminal</source>
        <translation>完成同样操作的 diskscope-img 命令；可粘贴到终端中运行</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy command line</source>
        <translation>复制命令行</translation>
    </message>
    <message>
        <source>Copy the command line to the clipboard</source>
        <translation>将命令行复制到剪贴板</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::CommitDialog</name>
    <message>
        <source>Commit %1</source>
        <translation>提交 %1</translation>
    </message>
    <message>
        <source>Overlay:</source>
        <translation>覆盖层：</translation>
    </message>
    <message>
        <source>%1 (its backing file, %2)</source>
        <translation>%1（它的后备文件，%2）</translation>
    </message>
    <message>
        <source>%1 (%2 layers down, %3)</source>
        <translation>%1（向下第 %2 层，%3）</translation>
    </message>
    <message>
        <source>Commit &amp;into:</source>
        <translation>提交到(&amp;I)：</translation>
    </message>
    <message>
        <source>Writes:</source>
        <translation>写入：</translation>
    </message>
    <message>
        <source>&amp;Empty the overlay afterwards</source>
        <translation>完成后清空覆盖层(&amp;E)</translation>
    </message>
    <message>
        <source>Afterwards:</source>
        <translation>完成后：</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Commit copies the data written to %1 into %2, which is changed in place. %2 changes for every other image that uses it as a backing file, and none of them sees its old content again. The overlay is only changed after %2 is complete.</source>
        <translation>提交会把写入 %1 的数据复制到 %2 中，%2 将被就地修改。所有以 %2 为后备文件的其他镜像都会看到这一变化，且再也看不到它原来的内容。覆盖层只会在 %2 写完之后才被修改。</translation>
    </message>
    <message>
        <source>its backing file</source>
        <translation>它的后备文件</translation>
    </message>
    <message>
        <source>nothing (no backing file)</source>
        <translation>无（没有后备文件）</translation>
    </message>
    <message>
        <source>%1 is emptied so it reads everything from %2 again.</source>
        <translation>%1 将被清空，之后所有内容重新从 %2 读取。</translation>
    </message>
    <message>
        <source>-d: %1 keeps its data; it still overrides %2.</source>
        <translation>-d：%1 保留其数据，仍然覆盖 %2 中的内容。</translation>
    </message>
    <message>
        <source>Not available when committing past the direct backing file: the overlay keeps its data (as -b implies -d), since the layers between would show through.</source>
        <translation>提交到直接后备文件以下的层时不可用：覆盖层保留其数据（-b 隐含 -d），否则中间各层的内容会显露出来。</translation>
    </message>
    <message>
        <source>The layers between (%1) are also copied into %2 and keep their data.</source>
        <translation>中间各层（%1）也会被复制到 %2 中，并保留各自的数据。</translation>
    </message>
    <message>
        <source>%1 has no backing file to commit into.</source>
        <translation>%1 没有可提交到的后备文件。</translation>
    </message>
    <message>
        <source>The backing file cannot be read: %1</source>
        <translation>无法读取后备文件：%1</translation>
    </message>
    <message>
        <source>The backing chain is incomplete, and commit opens all of it: %1</source>
        <translation>后备链不完整，而提交需要打开整条链：%1</translation>
    </message>
    <message>
        <source>%1 cannot be written: you do not have permission.</source>
        <translation>无法写入 %1：你没有权限。</translation>
    </message>
    <message>
        <source>%1 cannot be written, so it cannot be emptied: untick “Empty the overlay afterwards”.</source>
        <translation>无法写入 %1，因此无法清空它：请取消勾选“完成后清空覆盖层”。</translation>
    </message>
    <message>
        <source>Commit Image?</source>
        <translation>提交镜像？</translation>
    </message>
    <message>
        <source>Commit %1 into %2?</source>
        <translation>要将 %1 提交到 %2 吗？</translation>
    </message>
    <message>
        <source>%1 is rewritten with the data of %2. Every other image that uses %1 as its backing file sees the change. This cannot be undone.</source>
        <translation>%1 将用 %2 的数据重写。所有以 %1 为后备文件的其他镜像都会看到这一变化。此操作无法撤销。</translation>
    </message>
    <message>
        <source>%1 is emptied afterwards.</source>
        <translation>之后 %1 将被清空。</translation>
    </message>
    <message>
        <source>Committing %1 into %2 (with QEMU&apos;s write locks)</source>
        <translation>正在将 %1 提交到 %2（持有 QEMU 写锁）</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::ConvertWizard</name>
    <message>
        <source>about %1 second</source>
        <translation>约 %1 秒</translation>
    </message>
    <message>
        <source>about %1 seconds</source>
        <translation>约 %1 秒</translation>
    </message>
    <message>
        <source>about %1 minute</source>
        <translation>约 %1 分钟</translation>
    </message>
    <message>
        <source>about %1 minutes</source>
        <translation>约 %1 分钟</translation>
    </message>
    <message>
        <source>about %1 hour</source>
        <translation>约 %1 小时</translation>
    </message>
    <message>
        <source>about %1 hours</source>
        <translation>约 %1 小时</translation>
    </message>
    <message>
        <source>Convert Disk Image</source>
        <translation>转换磁盘镜像</translation>
    </message>
    <message>
        <source>Convert</source>
        <translation>转换</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Source Image</source>
        <translation>源镜像</translation>
    </message>
    <message>
        <source>The image to convert. It is only read, never changed.</source>
        <translation>要转换的镜像。它只会被读取，绝不会被修改。</translation>
    </message>
    <message>
        <source>Drop a disk image here</source>
        <translation>将磁盘镜像拖放到这里</translation>
    </message>
    <message>
        <source>Path of a qcow2 or raw image</source>
        <translation>qcow2 或原始镜像的路径</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Image to Convert</source>
        <translation>要转换的镜像</translation>
    </message>
    <message>
        <source>Disk images (*.qcow2 *.img *.raw);;All files (*)</source>
        <translation>磁盘镜像 (*.qcow2 *.img *.raw);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>镜像(&amp;I)：</translation>
    </message>
    <message>
        <source>Recently opened images…</source>
        <translation>最近打开的镜像…</translation>
    </message>
    <message>
        <source>&amp;Recent:</source>
        <translation>最近(&amp;R)：</translation>
    </message>
    <message>
        <source>Detected</source>
        <translation>检测结果</translation>
    </message>
    <message>
        <source>Format: %1 · virtual size %2 (%3) · %4 on disk</source>
        <translation>格式：%1 · 虚拟大小 %2（%3）· 磁盘占用 %4</translation>
    </message>
    <message>
        <source>Backing chain: %1</source>
        <translation>后备链：%1</translation>
    </message>
    <message>
        <source>No backing file.</source>
        <translation>没有后备文件。</translation>
    </message>
    <message>
        <source>%1 internal snapshot</source>
        <translation>%1 个内部快照</translation>
    </message>
    <message>
        <source>%1 internal snapshots</source>
        <translation>%1 个内部快照</translation>
    </message>
    <message>
        <source>Current state (the active disk)</source>
        <translation>当前状态（活动磁盘）</translation>
    </message>
    <message>
        <source>Snapshot %1 “%2”</source>
        <translation>快照 %1“%2”</translation>
    </message>
    <message>
        <source>Choose the image to convert: drop it here, browse, or pick a recent one.</source>
        <translation>选择要转换的镜像：拖放到这里、浏览，或从最近打开的镜像中选择。</translation>
    </message>
    <message>
        <source>Reading the image…</source>
        <translation>正在读取镜像…</translation>
    </message>
    <message>
        <source>The image cannot be read: %1</source>
        <translation>无法读取该镜像：%1</translation>
    </message>
    <message>
        <source>Its backing chain does not open, so its content is incomplete: %1</source>
        <translation>其后备链无法打开，因此内容不完整：%1</translation>
    </message>
    <message>
        <source>Target Format and Location</source>
        <translation>目标格式和位置</translation>
    </message>
    <message>
        <source>A new image is written; the file name ends in the format&apos;s usual extension.</source>
        <translation>将写入一个新镜像；文件名使用该格式的常用扩展名。</translation>
    </message>
    <message>
        <source>&amp;qcow2 — QEMU copy-on-write</source>
        <translation>&amp;qcow2 — QEMU 写时复制</translation>
    </message>
    <message>
        <source>Grows as the guest writes; can be compressed and keep a backing file.</source>
        <translation>随客户机写入而增长；可以压缩，也可以保留后备文件。</translation>
    </message>
    <message>
        <source>&amp;raw — a plain byte-for-byte disk</source>
        <translation>&amp;raw — 逐字节的普通磁盘</translation>
    </message>
    <message>
        <source>Readable by every tool; written sparse, so zeros take no host space.</source>
        <translation>所有工具都能读取；以稀疏方式写入，零不占用主机空间。</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>浏览(&amp;R)…</translation>
    </message>
    <message>
        <source>Folder for the Converted Image</source>
        <translation>转换后镜像的文件夹</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>Enter a file name.</source>
        <translation>请输入文件名。</translation>
    </message>
    <message>
        <source>The name cannot contain “/”; choose the folder below.</source>
        <translation>名称中不能包含“/”；请在下方选择文件夹。</translation>
    </message>
    <message>
        <source>The folder does not exist.</source>
        <translation>该文件夹不存在。</translation>
    </message>
    <message>
        <source>The folder is not writable.</source>
        <translation>该文件夹不可写。</translation>
    </message>
    <message>
        <source>A folder of that name exists there.</source>
        <translation>那里已有同名文件夹。</translation>
    </message>
    <message>
        <source>The target would replace “%1”, which the source reads; choose another name.</source>
        <translation>目标会替换源镜像正在读取的“%1”；请另选名称。</translation>
    </message>
    <message>
        <source>Replace File?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <source>Replace “%1”?</source>
        <translation>替换“%1”？</translation>
    </message>
    <message>
        <source>A file of that name already exists in %1. The converted image replaces it when the conversion completes; its content is lost.</source>
        <translation>%1 中已有同名文件。转换完成时，转换后的镜像将替换它，其内容将丢失。</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Conversion Options</source>
        <translation>转换选项</translation>
    </message>
    <message>
        <source>Choices that do not go together are greyed out.</source>
        <translation>不能组合使用的选项显示为灰色。</translation>
    </message>
    <message>
        <source>&amp;Copy from:</source>
        <translation>复制来源(&amp;C)：</translation>
    </message>
    <message>
        <source>The active disk, or an internal snapshot. Internal snapshots themselves are not carried over.</source>
        <translation>活动磁盘或某个内部快照。内部快照本身不会被带到目标中。</translation>
    </message>
    <message>
        <source>&amp;Flatten the backing chain into one image</source>
        <translation>将后备链合并为一个镜像(&amp;F)</translation>
    </message>
    <message>
        <source>Chain:</source>
        <translation>后备链：</translation>
    </message>
    <message>
        <source>The target stands alone: every layer&apos;s data is copied.</source>
        <translation>目标是独立镜像：复制每一层的数据。</translation>
    </message>
    <message>
        <source>&amp;Keep the backing file</source>
        <translation>保留后备文件(&amp;K)</translation>
    </message>
    <message>
        <source>Co&amp;mpress the clusters</source>
        <translation>压缩簇(&amp;M)</translation>
    </message>
    <message>
        <source>Compression:</source>
        <translation>压缩：</translation>
    </message>
    <message>
        <source>Smaller file, slower to write; later guest writes are stored uncompressed.</source>
        <translation>文件更小，写入更慢；之后客户机写入的数据不压缩存储。</translation>
    </message>
    <message>
        <source>zlib (any QEMU)</source>
        <translation>zlib（任何 QEMU）</translation>
    </message>
    <message>
        <source>zstd (QEMU 5.1 and later)</source>
        <translation>zstd（QEMU 5.1 及更高版本）</translation>
    </message>
    <message>
        <source>Compression &amp;type:</source>
        <translation>压缩类型(&amp;T)：</translation>
    </message>
    <message>
        <source>zstd decompresses faster and needs compatibility 1.1.</source>
        <translation>zstd 解压更快，需要兼容性 1.1。</translation>
    </message>
    <message>
        <source>C&amp;luster size:</source>
        <translation>簇大小(&amp;L)：</translation>
    </message>
    <message>
        <source>Larger clusters mean less metadata and better compression; smaller ones less waste.</source>
        <translation>簇越大，元数据越少、压缩效果越好；簇越小，浪费越少。</translation>
    </message>
    <message>
        <source>1.1 (QEMU 1.1 and later)</source>
        <translation>1.1（QEMU 1.1 及更高版本）</translation>
    </message>
    <message>
        <source>0.10 (very old QEMU)</source>
        <translation>0.10（非常旧的 QEMU）</translation>
    </message>
    <message>
        <source>Com&amp;patibility:</source>
        <translation>兼容性(&amp;P)：</translation>
    </message>
    <message>
        <source>0.10 only for very old readers; it cannot use zstd.</source>
        <translation>0.10 仅用于非常旧的读取程序；它不能使用 zstd。</translation>
    </message>
    <message>
        <source>&amp;Verify the result against the source afterwards</source>
        <translation>完成后将结果与源镜像比较以验证(&amp;V)</translation>
    </message>
    <message>
        <source>Compares the guest content of both, as qemu-img compare does.</source>
        <translation>像 qemu-img compare 一样比较两者的客户机内容。</translation>
    </message>
    <message>
        <source>The source has no backing file.</source>
        <translation>源镜像没有后备文件。</translation>
    </message>
    <message>
        <source>Only a qcow2 target can have a backing file.</source>
        <translation>只有 qcow2 目标可以有后备文件。</translation>
    </message>
    <message>
        <source>A snapshot is copied whole, flattened.</source>
        <translation>快照会被完整复制并合并。</translation>
    </message>
    <message>
        <source>Copies only what the top image holds; the target reads the rest from %1.</source>
        <translation>只复制顶层镜像中的数据；其余部分由目标从 %1 读取。</translation>
    </message>
    <message>
        <source>The target gets no internal snapshots: only the state chosen above is copied.</source>
        <translation>目标不会包含内部快照：只复制上面选择的状态。</translation>
    </message>
    <message>
        <source>qemu-img compare cannot read a snapshot, so this copy is not verified.</source>
        <translation>qemu-img compare 无法读取快照，因此这次复制不会被验证。</translation>
    </message>
    <message>
        <source>Pre-flight Check</source>
        <translation>预先检查</translation>
    </message>
    <message>
        <source>Will the target fit, and how long will it take? Nothing has been written yet.</source>
        <translation>目标放得下吗？需要多长时间？目前尚未写入任何内容。</translation>
    </message>
    <message>
        <source>Space needed:</source>
        <translation>所需空间：</translation>
    </message>
    <message>
        <source>Free on the target&apos;s file system:</source>
        <translation>目标文件系统的可用空间：</translation>
    </message>
    <message>
        <source>Guest data to copy:</source>
        <translation>要复制的客户机数据：</translation>
    </message>
    <message>
        <source>Estimated time:</source>
        <translation>预计时间：</translation>
    </message>
    <message>
        <source>Equivalent command:</source>
        <translation>等效命令：</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Measuring the source and timing a sample read…</source>
        <translation>正在测量源镜像并计时一次抽样读取…</translation>
    </message>
    <message>
        <source>Measure %1</source>
        <translation>测量 %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 (a %2 sample read at %3/s)</source>
        <translation>%1（抽样读取 %2，速度 %3/秒）</translation>
    </message>
    <message>
        <source>a moment (there is no data to copy)</source>
        <translation>片刻（没有要复制的数据）</translation>
    </message>
    <message>
        <source>The raw file&apos;s length will be %1; only its data takes host space.</source>
        <translation>原始文件的长度将为 %1；只有其中的数据占用主机空间。</translation>
    </message>
    <message>
        <source>Compressed clusters take less: this is the most it can need.</source>
        <translation>压缩簇占用更少：这是可能需要的最大值。</translation>
    </message>
    <message>
        <source>As qemu-img measure computes it: data clusters and metadata.</source>
        <translation>按 qemu-img measure 的算法计算：数据簇和元数据。</translation>
    </message>
    <message>
        <source>The source&apos;s %1 internal snapshot is not carried over.</source>
        <translation>源镜像的 %1 个内部快照不会被带到目标中。</translation>
    </message>
    <message>
        <source>The source&apos;s %1 internal snapshots are not carried over.</source>
        <translation>源镜像的 %1 个内部快照不会被带到目标中。</translation>
    </message>
    <message>
        <source>%1 is replaced when the conversion completes.</source>
        <translation>转换完成时将替换 %1。</translation>
    </message>
    <message>
        <source>Compressing costs processor time: it may take longer than the estimate.</source>
        <translation>压缩会消耗处理器时间：实际耗时可能超过估计。</translation>
    </message>
    <message>
        <source>The target&apos;s file system will be nearly full afterwards.</source>
        <translation>完成后目标文件系统将几乎没有剩余空间。</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>源镜像：%1</translation>
    </message>
    <message>
        <source>Measuring the source…</source>
        <translation>正在测量源镜像…</translation>
    </message>
    <message>
        <source>The source cannot be measured: %1</source>
        <translation>无法测量源镜像：%1</translation>
    </message>
    <message>
        <source>Not enough free space: the target needs %1 and its file system has %2 free.</source>
        <translation>可用空间不足：目标需要 %1，而其文件系统只有 %2 可用。</translation>
    </message>
    <message>
        <source>Ready to Convert</source>
        <translation>准备转换</translation>
    </message>
    <message>
        <source>Nothing has been written yet. Convert writes the new image; the source stays as it is.</source>
        <translation>目前尚未写入任何内容。“转换”会写入新镜像；源镜像保持不变。</translation>
    </message>
    <message>
        <source>From: %1 (%2)</source>
        <translation>来源：%1（%2）</translation>
    </message>
    <message>
        <source>Copying: snapshot %1 (%2)</source>
        <translation>复制：快照 %1（%2）</translation>
    </message>
    <message>
        <source>Copying: the current state</source>
        <translation>复制：当前状态</translation>
    </message>
    <message>
        <source>To: %1 (%2)</source>
        <translation>目标：%1（%2）</translation>
    </message>
    <message>
        <source>Cluster size %1 · compatibility %2 · compression: %3</source>
        <translation>簇大小 %1 · 兼容性 %2 · 压缩：%3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Backing file kept: %1 (%2)</source>
        <translation>保留后备文件：%1（%2）</translation>
    </message>
    <message>
        <source>Backing chain flattened</source>
        <translation>后备链已合并</translation>
    </message>
    <message>
        <source>Then verified against the source.</source>
        <translation>然后与源镜像比较验证。</translation>
    </message>
    <message>
        <source>Not verified afterwards.</source>
        <translation>完成后不验证。</translation>
    </message>
    <message>
        <source>The new image is written under a temporary name beside the target and gets its name only when complete.</source>
        <translation>新镜像先以临时名称写在目标旁边，只有完成后才会使用正式名称。</translation>
    </message>
    <message>
        <source>Converting</source>
        <translation>正在转换</translation>
    </message>
    <message>
        <source>The image is copied in the background; you can stop at any time and nothing is left behind.</source>
        <translation>镜像在后台复制；您可以随时停止，不会留下任何文件。</translation>
    </message>
    <message>
        <source>&amp;Stop Converting</source>
        <translation>停止转换(&amp;S)</translation>
    </message>
    <message>
        <source>The result is shown when the conversion has finished.</source>
        <translation>转换完成后将显示结果。</translation>
    </message>
    <message>
        <source>Convert %1 to %2</source>
        <translation>将 %1 转换为 %2</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Verifying the result</source>
        <translation>正在验证结果</translation>
    </message>
    <message>
        <source>Copying guest data</source>
        <translation>正在复制客户机数据</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>Stopped. Nothing was written: no target and no temporary file were left.</source>
        <translation>已停止。没有写入任何内容：既没有留下目标文件，也没有留下临时文件。</translation>
    </message>
    <message>
        <source>The conversion failed: %1
Nothing was left behind.</source>
        <translation>转换失败：%1
没有留下任何文件。</translation>
    </message>
    <message>
        <source>Conversion Complete</source>
        <translation>转换完成</translation>
    </message>
    <message>
        <source>The new image is in place. The source was not changed.</source>
        <translation>新镜像已就位。源镜像未被修改。</translation>
    </message>
    <message>
        <source>&amp;Open Result</source>
        <translation>打开结果(&amp;O)</translation>
    </message>
    <message>
        <source>Show in File &amp;Manager</source>
        <translation>在文件管理器中显示(&amp;M)</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>已写入：%1</translation>
    </message>
    <message>
        <source>Source on disk: %1 · result on disk: %2</source>
        <translation>源镜像磁盘占用：%1 · 结果磁盘占用：%2</translation>
    </message>
    <message>
        <source>Saved %1 (%2 %)</source>
        <translation>节省 %1（%2%）</translation>
    </message>
    <message>
        <source>The result is %1 larger than the source.</source>
        <translation>结果比源镜像大 %1。</translation>
    </message>
    <message>
        <source>Not verified.</source>
        <translation>未验证。</translation>
    </message>
    <message>
        <source>⚠ The verification could not run: %1</source>
        <translation>⚠ 无法进行验证：%1</translation>
    </message>
    <message>
        <source>✔ Verified: the result shows the same guest content as the source.</source>
        <translation>✔ 已验证：结果的客户机内容与源镜像相同。</translation>
    </message>
    <message>
        <source>⚠ The result differs from the source at offset %1.</source>
        <translation>⚠ 结果与源镜像在偏移 %1 处不同。</translation>
    </message>
    <message>
        <source>Stop Converting?</source>
        <translation>停止转换？</translation>
    </message>
    <message>
        <source>Stop converting to “%1”?</source>
        <translation>停止转换到“%1”？</translation>
    </message>
    <message>
        <source>The partly written image is removed; the source is not affected.</source>
        <translation>部分写入的镜像将被删除；源镜像不受影响。</translation>
    </message>
    <message>
        <source>Stop Converting</source>
        <translation>停止转换</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::CreateSnapshotDialog</name>
    <message>
        <source>Create Snapshot</source>
        <translation>创建快照</translation>
    </message>
    <message>
        <source>Records the current state of %1 inside the file. The disk can return to it later.</source>
        <translation>在文件内记录 %1 的当前状态，以后可以让磁盘恢复到该状态。</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Enter a name for the snapshot.</source>
        <translation>请输入快照名称。</translation>
    </message>
    <message>
        <source>%1 already has a snapshot named “%2”.</source>
        <translation>%1 中已有名为“%2”的快照。</translation>
    </message>
    <message>
        <source>The name is too long.</source>
        <translation>名称过长。</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::EmptyStateWidget</name>
    <message>
        <source>No disk image open</source>
        <translation>没有打开的磁盘镜像</translation>
    </message>
    <message>
        <source>Open a disk image with Ctrl+O or drop one on the window</source>
        <translation>按 Ctrl+O 打开磁盘镜像，或将镜像拖放到窗口中</translation>
    </message>
    <message>
        <source>Open a disk image (Ctrl+O) or drop one here</source>
        <translation>打开磁盘镜像（Ctrl+O），或将镜像拖放到这里</translation>
    </message>
    <message>
        <source>Open Image…</source>
        <translation>打开镜像…</translation>
    </message>
    <message>
        <source>qcow2 and raw images</source>
        <translation>qcow2 和原始镜像</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::EngineText</name>
    <message>
        <source>Marked corrupt</source>
        <translation>已标记为损坏</translation>
    </message>
    <message>
        <source>QEMU found an inconsistency in the metadata and refuses to write to this image until it is repaired (diskscope-img check -r all).</source>
        <translation>QEMU 发现元数据不一致，在修复之前拒绝写入此镜像（diskscope-img check -r all）。</translation>
    </message>
    <message>
        <source>Not closed cleanly (dirty)</source>
        <translation>未正常关闭（脏）</translation>
    </message>
    <message>
        <source>The image was in use with lazy refcounts when it was last closed; its refcounts may be out of date. The next read-write open repairs them, as check -r all does.</source>
        <translation>镜像上次关闭时正以延迟引用计数方式使用，其引用计数可能已过时。下一次以读写方式打开时会修复它们，与 check -r all 的效果相同。</translation>
    </message>
    <message>
        <source>Lazy refcounts</source>
        <translation>延迟引用计数</translation>
    </message>
    <message>
        <source>Refcounts are written late for speed; after a crash they must be repaired before the image is written again.</source>
        <translation>为提高速度，引用计数延后写入；崩溃之后，必须先修复它们才能再次写入镜像。</translation>
    </message>
    <message>
        <source>Unknown incompatible feature bits: %1</source>
        <translation>未知的不兼容特性位：%1</translation>
    </message>
    <message>
        <source>The image uses a format feature this program does not know; it must not be opened.</source>
        <translation>镜像使用了本程序不认识的格式特性，不得打开。</translation>
    </message>
    <message>
        <source>Unknown compatible feature bits: %1</source>
        <translation>未知的兼容特性位：%1</translation>
    </message>
    <message>
        <source>A newer program recorded a feature that readers may safely ignore.</source>
        <translation>较新的程序记录了一个特性，读取时可以放心忽略。</translation>
    </message>
    <message>
        <source>Unknown autoclear feature bits: %1</source>
        <translation>未知的自动清除特性位：%1</translation>
    </message>
    <message>
        <source>A newer program recorded extra data; the first write by an older program clears these bits and the data they describe becomes stale.</source>
        <translation>较新的程序记录了额外的数据；旧程序第一次写入时会清除这些位，它们所描述的数据随之失效。</translation>
    </message>
    <message>
        <source>Guest data lives in "%1", not in this file: copy and move both together.</source>
        <translation>客户机数据存放在“%1”中，而不在此文件中：复制和移动时请将两者一起处理。</translation>
    </message>
    <message>
        <source>The data file is raw: it always holds the complete guest disk.</source>
        <translation>该数据文件为 raw 格式：它始终包含完整的客户机磁盘。</translation>
    </message>
    <message>
        <source>External data file</source>
        <translation>外部数据文件</translation>
    </message>
    <message>
        <source>External data file outside the image&apos;s directory not opened</source>
        <translation>未打开位于镜像目录之外的外部数据文件</translation>
    </message>
    <message>
        <source>The guest data of this image lives in "%1", outside the directory of the image that names it. Names stored in an image are followed there only with your consent, so an image from elsewhere cannot make Diskscope read or write arbitrary files.</source>
        <translation>此镜像的客户机数据存放在“%1”中，它位于引用它的镜像所在目录之外。只有经您同意，才会跟随镜像中存储的名称到那里，这样来自别处的镜像就无法让 Diskscope 读写任意文件。</translation>
    </message>
    <message>
        <source>Backing file format not recorded</source>
        <translation>未记录后备文件格式</translation>
    </message>
    <message>
        <source>The format of "%1" is guessed each time the chain opens; libvirt refuses such images and a raw backing file could be mistaken for another format. Record it with rebase -u -F.</source>
        <translation>每次打开链时都要猜测“%1”的格式；libvirt 拒绝此类镜像，raw 后备文件也可能被误认为其他格式。请用 rebase -u -F 记录格式。</translation>
    </message>
    <message>
        <source>Absolute backing file name</source>
        <translation>后备文件名为绝对路径</translation>
    </message>
    <message>
        <source>"%1" is stored with its full path: the chain breaks when the files are moved or copied to another machine together.</source>
        <translation>“%1”以完整路径存储：将这些文件一起移动或复制到另一台机器后，链就会断开。</translation>
    </message>
    <message>
        <source>Backing file name leaves the image&apos;s directory</source>
        <translation>后备文件名指向镜像目录之外</translation>
    </message>
    <message>
        <source>"%1" contains "..": the backing file lies outside the image&apos;s directory and is easily left behind when the image is copied.</source>
        <translation>“%1”包含“..”：后备文件位于镜像目录之外，复制镜像时很容易被遗漏。</translation>
    </message>
    <message>
        <source>Backing file outside the image&apos;s directory not opened</source>
        <translation>未打开位于镜像目录之外的后备文件</translation>
    </message>
    <message>
        <source>"%1" lies outside the directory of the image that names it. Names stored in an image are followed there only with your consent, so an image from elsewhere cannot make Diskscope read arbitrary files.</source>
        <translation>“%1”位于引用它的镜像所在目录之外。只有经您同意，才会跟随镜像中存储的名称到那里，这样来自别处的镜像就无法让 Diskscope 读取任意文件。</translation>
    </message>
    <message>
        <source>Backing file missing</source>
        <translation>后备文件缺失</translation>
    </message>
    <message>
        <source>"%1" does not exist: the guest disk cannot be read. Put the file back, or point the image at its new place with rebase -u.</source>
        <translation>“%1”不存在：无法读取客户机磁盘。请将该文件放回原处，或用 rebase -u 让镜像指向它的新位置。</translation>
    </message>
    <message>
        <source>Backing file cannot be opened</source>
        <translation>无法打开后备文件</translation>
    </message>
    <message>
        <source>"%1" cannot be opened: the guest disk cannot be read.</source>
        <translation>无法打开“%1”：无法读取客户机磁盘。</translation>
    </message>
    <message>
        <source>%1 reference past the end of the file</source>
        <translation>%1 个引用超出文件末尾</translation>
    </message>
    <message>
        <source>%1 references past the end of the file</source>
        <translation>%1 个引用超出文件末尾</translation>
    </message>
    <message>
        <source>Tables point at clusters beyond the end of the file (it was truncated or copied incompletely). QEMU reads them as zeros, so guest data is missing there.</source>
        <translation>表指向文件末尾之后的簇（文件被截断或未完整复制）。QEMU 将其读为零，因此那里的客户机数据已丢失。</translation>
    </message>
    <message>
        <source>Corruptions found by check: %1</source>
        <translation>检查发现的损坏：%1</translation>
    </message>
    <message>
        <source>Refcounts or table entries are inconsistent; writing to the image may damage data. Repair a copy first with check -r all.</source>
        <translation>引用计数或表项不一致；写入镜像可能损坏数据。请先在副本上用 check -r all 修复。</translation>
    </message>
    <message>
        <source>Leaked clusters: %1</source>
        <translation>泄漏的簇：%1</translation>
    </message>
    <message>
        <source>Clusters are marked used but nothing refers to them: wasted space, no risk to data. check -r leaks frees them.</source>
        <translation>有些簇被标记为已使用，但没有任何地方引用它们：浪费空间，但对数据没有风险。check -r leaks 可以释放它们。</translation>
    </message>
    <message>
        <source>Check could not complete</source>
        <translation>检查未能完成</translation>
    </message>
    <message>
        <source>The check stopped at an error, so leaks and corruptions after it are not known.</source>
        <translation>检查因错误而中止，之后的泄漏和损坏情况未知。</translation>
    </message>
    <message>
        <source>No such file or directory</source>
        <translation>没有那个文件或目录</translation>
    </message>
    <message>
        <source>A part of the path is not a directory</source>
        <translation>路径中的某一部分不是目录</translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation>权限不够</translation>
    </message>
    <message>
        <source>Operation not permitted</source>
        <translation>不允许的操作</translation>
    </message>
    <message>
        <source>It is a directory</source>
        <translation>是一个目录</translation>
    </message>
    <message>
        <source>The file system is read-only</source>
        <translation>只读文件系统</translation>
    </message>
    <message>
        <source>No space left on the device</source>
        <translation>设备上没有空间</translation>
    </message>
    <message>
        <source>Disk quota exceeded</source>
        <translation>超出磁盘配额</translation>
    </message>
    <message>
        <source>File too large</source>
        <translation>文件过大</translation>
    </message>
    <message>
        <source>Input/output error</source>
        <translation>输入/输出错误</translation>
    </message>
    <message>
        <source>Device or resource busy</source>
        <translation>设备或资源忙</translation>
    </message>
    <message>
        <source>Resource temporarily unavailable</source>
        <translation>资源暂时不可用</translation>
    </message>
    <message>
        <source>The file already exists</source>
        <translation>文件已存在</translation>
    </message>
    <message>
        <source>File name too long</source>
        <translation>文件名过长</translation>
    </message>
    <message>
        <source>Too many levels of symbolic links</source>
        <translation>符号链接的层数过多</translation>
    </message>
    <message>
        <source>Too many open files</source>
        <translation>打开的文件过多</translation>
    </message>
    <message>
        <source>Out of memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <source>Invalid argument</source>
        <translation>无效的参数</translation>
    </message>
    <message>
        <source>No such device or address</source>
        <translation>没有那个设备或地址</translation>
    </message>
    <message>
        <source>Operation not supported</source>
        <translation>不支持的操作</translation>
    </message>
    <message>
        <source>System error %1 (%2)</source>
        <translation>系统错误 %1（%2）</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>A file cannot be opened: %1</source>
        <translation>无法打开文件：%1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>A file cannot be written: %1</source>
        <translation>无法写入文件：%1</translation>
    </message>
    <message>
        <source>Cannot access %1: %2</source>
        <translation>无法访问 %1：%2</translation>
    </message>
    <message>
        <source>A file cannot be accessed: %1</source>
        <translation>无法访问文件：%1</translation>
    </message>
    <message>
        <source>What was asked for does not exist in %1.</source>
        <translation>%1 中不存在所请求的对象。</translation>
    </message>
    <message>
        <source>What was asked for does not exist.</source>
        <translation>所请求的对象不存在。</translation>
    </message>
    <message>
        <source>This is not possible for %1.</source>
        <translation>无法对 %1 执行此操作。</translation>
    </message>
    <message>
        <source>This is not possible with these settings.</source>
        <translation>使用这些设置无法执行此操作。</translation>
    </message>
    <message>
        <source>%1 is damaged or not a valid image.</source>
        <translation>%1 已损坏或不是有效的镜像。</translation>
    </message>
    <message>
        <source>The image is damaged or not valid.</source>
        <translation>镜像已损坏或无效。</translation>
    </message>
    <message>
        <source>Diskscope does not support this for %1.</source>
        <translation>Diskscope 不支持对 %1 执行此操作。</translation>
    </message>
    <message>
        <source>Diskscope does not support this.</source>
        <translation>Diskscope 不支持此操作。</translation>
    </message>
    <message>
        <source>Reading or writing %1 failed.</source>
        <translation>读写 %1 失败。</translation>
    </message>
    <message>
        <source>Reading or writing a file failed.</source>
        <translation>读写文件失败。</translation>
    </message>
    <message>
        <source>There is not enough space for %1.</source>
        <translation>%1 没有足够的空间。</translation>
    </message>
    <message>
        <source>There is not enough space.</source>
        <translation>空间不足。</translation>
    </message>
    <message>
        <source>%1 is in use by another program.</source>
        <translation>%1 正被另一个程序使用。</translation>
    </message>
    <message>
        <source>The image is in use by another program.</source>
        <translation>镜像正被另一个程序使用。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>%1 lies outside the image&apos;s directory and is not opened without your consent.</source>
        <translation>%1 位于镜像所在目录之外，未经您同意不会打开。</translation>
    </message>
    <message>
        <source>A name stored in the image leads outside its directory and is not followed without your consent.</source>
        <translation>镜像中存储的名称指向其目录之外，未经您同意不会跟随。</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::FormatProbe</name>
    <message>
        <source>it describes no image</source>
        <translation>其中没有描述任何镜像</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::GuestMapPanel</name>
    <message>
        <source>Guest map</source>
        <translation>客户机映射</translation>
    </message>
    <message>
        <source>Guest allocation map</source>
        <translation>客户机分配图</translation>
    </message>
    <message>
        <source>Point at the map for details; click to list that L2 table&apos;s entries.</source>
        <translation>将鼠标指向图中查看详情；单击可列出该 L2 表的表项。</translation>
    </message>
    <message>
        <source>Could not read the map: %1</source>
        <translation>无法读取映射：%1</translation>
    </message>
    <message>
        <source>Guest allocation map of %1</source>
        <translation>%1 的客户机分配图</translation>
    </message>
    <message>
        <source>Reading the L1 table…</source>
        <translation>正在读取 L1 表…</translation>
    </message>
    <message>
        <source>Map incomplete: %1</source>
        <translation>映射不完整：%1</translation>
    </message>
    <message>
        <source>%1 blocks</source>
        <translation>%1 个块</translation>
    </message>
    <message>
        <source>%1 per cell</source>
        <translation>每格 %1</translation>
    </message>
    <message>
        <source>%1 clusters</source>
        <translation>%1 个簇</translation>
    </message>
    <message>
        <source>%L1 cells, %2</source>
        <translation>%L1 格，%2</translation>
    </message>
    <message>
        <source>%1 layers</source>
        <translation>%1 层</translation>
    </message>
    <message>
        <source>backing file not shown: %1</source>
        <translation>未显示后备文件：%1</translation>
    </message>
    <message>
        <source>reading L2 tables… %1 %</source>
        <translation>正在读取 L2 表… %1 %</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::GuestMapSession</name>
    <message>
        <source>Internal error: %1</source>
        <translation>内部错误：%1</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::HealthView</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Health findings</source>
        <translation>健康检查结果</translation>
    </message>
    <message>
        <source>Check Now</source>
        <translation>立即检查</translation>
    </message>
    <message>
        <source>Walk every table to find leaks and corruptions (read-only)</source>
        <translation>遍历每一张表，查找泄漏和损坏（只读）</translation>
    </message>
    <message>
        <source>Follow Backing File…</source>
        <translation>跟随后备文件…</translation>
    </message>
    <message>
        <source>Asks first, then reads this image again following its backing file</source>
        <translation>先询问，再跟随其后备文件重新读取此镜像</translation>
    </message>
    <message>
        <source>No problems found, check included.</source>
        <translation>未发现问题（包括完整检查）。</translation>
    </message>
    <message>
        <source>No problems found in the header and chain.</source>
        <translation>文件头和后备链中未发现问题。</translation>
    </message>
    <message>
        <source>Leaked clusters, corruptions and data past the end of the file are found by a check of every table (read-only, no locks).</source>
        <translation>泄漏的簇、损坏以及超出文件末尾的数据需要检查每一张表才能发现（只读，不加锁）。</translation>
    </message>
    <message>
        <source>Checking… findings appear here when the check ends.</source>
        <translation>正在检查…检查结束后结果将显示在这里。</translation>
    </message>
    <message>
        <source>Includes the results of the last check.</source>
        <translation>已包含上次检查的结果。</translation>
    </message>
    <message>
        <source>Raw images have no metadata to check.</source>
        <translation>原始镜像没有可检查的元数据。</translation>
    </message>
    <message>
        <source>Check Again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>No problems found</source>
        <translation>未发现问题</translation>
    </message>
    <message>
        <source>Follow Data File…</source>
        <translation>跟随数据文件…</translation>
    </message>
    <message>
        <source>Asks first, then reads this image again with its external data file</source>
        <translation>先询问，然后连同其外部数据文件重新读取此镜像</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::HostLayoutPanel</name>
    <message>
        <source>Host layout</source>
        <translation>主机布局</translation>
    </message>
    <message>
        <source>Host file layout map</source>
        <translation>主机文件布局图</translation>
    </message>
    <message>
        <source>Point at the map to see what a host cluster holds; click an L2 table to list its entries.</source>
        <translation>将鼠标指向图中查看主机簇的内容；单击 L2 表可列出其表项。</translation>
    </message>
    <message>
        <source>Host cluster %L1 at offset 0x%2 (%3)
%4</source>
        <translation>主机簇 %L1，偏移 0x%2（%3）
%4</translation>
    </message>
    <message>
        <source> for L1 index %1 — click to list its entries</source>
        <translation>，对应 L1 索引 %1 — 单击列出其表项</translation>
    </message>
    <message>
        <source>Reading L2 table %1…</source>
        <translation>正在读取 L2 表 %1…</translation>
    </message>
    <message>
        <source>Could not list the L2 table: %1</source>
        <translation>无法列出 L2 表：%1</translation>
    </message>
    <message>
        <source>no entries</source>
        <translation>无表项</translation>
    </message>
    <message>
        <source>Host file layout map of %1</source>
        <translation>%1 的主机文件布局图</translation>
    </message>
    <message>
        <source>Reading every table…</source>
        <translation>正在读取所有表…</translation>
    </message>
    <message>
        <source>%L1 host clusters of %2, file %3</source>
        <translation>%L1 个主机簇，每簇 %2，文件 %3</translation>
    </message>
    <message numerus="yes">
        <source>%n leaked</source>
        <translation>
            <numerusform>%n 个泄漏</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n corruption(s)</source>
        <translation>
            <numerusform>%n 处损坏</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>diskscope::ui::ImageDetailsPanel</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Image details</source>
        <translation>镜像详情</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Virtual size:</source>
        <translation>虚拟大小：</translation>
    </message>
    <message>
        <source>Disk usage:</source>
        <translation>磁盘占用：</translation>
    </message>
    <message>
        <source>Cluster size:</source>
        <translation>簇大小：</translation>
    </message>
    <message>
        <source>Dirty flag:</source>
        <translation>脏标志：</translation>
    </message>
    <message>
        <source>Marked corrupt:</source>
        <translation>标记为损坏：</translation>
    </message>
    <message>
        <source>Opened:</source>
        <translation>打开方式：</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Compression type:</source>
        <translation>压缩类型：</translation>
    </message>
    <message>
        <source>Backing file</source>
        <translation>后备文件</translation>
    </message>
    <message>
        <source>Stored name:</source>
        <translation>存储的名称：</translation>
    </message>
    <message>
        <source>Resolved path:</source>
        <translation>解析后的路径：</translation>
    </message>
    <message>
        <source>qcow2 options</source>
        <translation>qcow2 选项</translation>
    </message>
    <message>
        <source>Compatibility:</source>
        <translation>兼容性：</translation>
    </message>
    <message>
        <source>Refcount bits:</source>
        <translation>引用计数位宽：</translation>
    </message>
    <message>
        <source>Lazy refcounts:</source>
        <translation>延迟引用计数：</translation>
    </message>
    <message>
        <source>Extended L2:</source>
        <translation>扩展 L2：</translation>
    </message>
    <message>
        <source>Data file:</source>
        <translation>数据文件：</translation>
    </message>
    <message>
        <source>Bitmaps:</source>
        <translation>位图：</translation>
    </message>
    <message>
        <source>Reading image information…</source>
        <translation>正在读取镜像信息…</translation>
    </message>
    <message>
        <source>The chain names this backing file, but it could not be opened:
%1</source>
        <translation>后备链指向此后备文件，但无法打开它：
%1</translation>
    </message>
    <message>
        <source>This file could not be read as a disk image:
%1</source>
        <translation>无法将此文件作为磁盘镜像读取：
%1</translation>
    </message>
    <message>
        <source>%1 disk image · %2</source>
        <translation>%1 磁盘镜像 · %2</translation>
    </message>
    <message>
        <source> (less than 0.1 % of the virtual size)</source>
        <translation>（不到虚拟大小的 0.1 %）</translation>
    </message>
    <message>
        <source> (%1 % of the virtual size)</source>
        <translation>（虚拟大小的 %1 %）</translation>
    </message>
    <message>
        <source>Yes: the image was not closed cleanly</source>
        <translation>是：镜像未被正常关闭</translation>
    </message>
    <message>
        <source>Yes: QEMU will refuse to write to it</source>
        <translation>是：QEMU 将拒绝写入</translation>
    </message>
    <message>
        <source>Read-only, without locks (like -U)</source>
        <translation>只读，不加锁（同 -U）</translation>
    </message>
    <message>
        <source>Diskscope reads images without QEMU&apos;s locks: a running VM is neither blocked nor noticed, so what is shown may be changing. Writing operations take the locks.</source>
        <translation>Diskscope 读取镜像时不使用 QEMU 的锁：正在运行的虚拟机既不会被阻塞，也不会察觉，因此显示的内容可能正在变化。写入操作会获取锁。</translation>
    </message>
    <message>
        <source>Not recorded (it will be probed)</source>
        <translation>未记录（将自动探测）</translation>
    </message>
    <message>
        <source>0.10 (version 2)</source>
        <translation>0.10（版本 2）</translation>
    </message>
    <message>
        <source> (raw: always holds the full guest data)</source>
        <translation>（原始格式：始终包含完整的客户机数据）</translation>
    </message>
    <message>
        <source>%1, granularity %2</source>
        <translation>%1，粒度 %2</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Internal snapshots (%1)</source>
        <translation>内部快照（%1）</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::ImageListModel</name>
    <message>
        <source>, has errors</source>
        <translation>，有错误</translation>
    </message>
    <message>
        <source>, has warnings</source>
        <translation>，有警告</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Could not be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>Backing file missing</source>
        <translation>后备文件缺失</translation>
    </message>
    <message>
        <source>Backing file cannot be opened</source>
        <translation>无法打开后备文件</translation>
    </message>
    <message>
        <source>%1 · %2 layers</source>
        <translation>%1 · %2 层</translation>
    </message>
    <message>
        <source>%1 · layer %2</source>
        <translation>%1 · 第 %2 层</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::InfoLoader</name>
    <message>
        <source>Internal error: %1</source>
        <translation>内部错误：%1</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::Job</name>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Cancelled; the unfinished target was removed.</source>
        <translation>已取消；未完成的目标文件已删除。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>This format has no metadata to check.</source>
        <translation>此格式没有可检查的元数据。</translation>
    </message>
    <message>
        <source>No errors were found.</source>
        <translation>未发现错误。</translation>
    </message>
    <message>
        <source>%1 corruption</source>
        <translation>%1 处损坏</translation>
    </message>
    <message>
        <source>%1 corruptions</source>
        <translation>%1 处损坏</translation>
    </message>
    <message>
        <source>%1 leaked cluster</source>
        <translation>%1 个泄漏的簇</translation>
    </message>
    <message>
        <source>%1 leaked clusters</source>
        <translation>%1 个泄漏的簇</translation>
    </message>
    <message>
        <source>%1 check error</source>
        <translation>%1 个检查错误</translation>
    </message>
    <message>
        <source>%1 check errors</source>
        <translation>%1 个检查错误</translation>
    </message>
    <message>
        <source>Wrote %1.</source>
        <translation>已写入 %1。</translation>
    </message>
    <message>
        <source>Creating the image</source>
        <translation>正在创建镜像</translation>
    </message>
    <message>
        <source>Created the image.</source>
        <translation>已创建镜像。</translation>
    </message>
    <message>
        <source>Walking the snapshot&apos;s tables</source>
        <translation>正在遍历快照的表</translation>
    </message>
    <message>
        <source>Measured.</source>
        <translation>已测量。</translation>
    </message>
    <message>
        <source>Writing the snapshot table</source>
        <translation>正在写入快照表</translation>
    </message>
    <message>
        <source>Snapshot created.</source>
        <translation>已创建快照。</translation>
    </message>
    <message>
        <source>Snapshot applied.</source>
        <translation>已应用快照。</translation>
    </message>
    <message>
        <source>Snapshot deleted.</source>
        <translation>已删除快照。</translation>
    </message>
    <message>
        <source>The check could not complete.</source>
        <translation>检查未能完成。</translation>
    </message>
    <message>
        <source>Checking metadata</source>
        <translation>正在检查元数据</translation>
    </message>
    <message>
        <source>Copying guest data</source>
        <translation>正在复制客户机数据</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Amending the image&apos;s options</source>
        <translation>正在修改镜像选项</translation>
    </message>
    <message>
        <source>Options changed.</source>
        <translation>选项已更改。</translation>
    </message>
    <message>
        <source>Repairing leaks</source>
        <translation>正在修复泄漏</translation>
    </message>
    <message>
        <source>Repairing</source>
        <translation>正在修复</translation>
    </message>
    <message>
        <source>Copying into the base</source>
        <translation>正在复制到基础镜像</translation>
    </message>
    <message>
        <source>Committed; the overlay keeps its data.</source>
        <translation>已提交；覆盖层保留其数据。</translation>
    </message>
    <message>
        <source>Committed; the overlay is empty.</source>
        <translation>已提交；覆盖层已清空。</translation>
    </message>
    <message>
        <source>Rewriting the header</source>
        <translation>正在重写文件头</translation>
    </message>
    <message>
        <source>Copying what differs</source>
        <translation>正在复制不同之处</translation>
    </message>
    <message>
        <source>The image is standalone.</source>
        <translation>该镜像现已独立。</translation>
    </message>
    <message>
        <source>Backing file changed.</source>
        <translation>后备文件已更改。</translation>
    </message>
    <message>
        <source>Resizing</source>
        <translation>正在调整大小</translation>
    </message>
    <message>
        <source>Verifying the result</source>
        <translation>正在验证结果</translation>
    </message>
    <message>
        <source>Converted; the result is identical to the source.</source>
        <translation>已转换；结果与源镜像完全相同。</translation>
    </message>
    <message>
        <source>Converted, but the result differs from the source.</source>
        <translation>已转换，但结果与源镜像不同。</translation>
    </message>
    <message>
        <source>Converted.</source>
        <translation>已转换。</translation>
    </message>
    <message>
        <source>Measuring</source>
        <translation>正在测量</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::JobPanel</name>
    <message>
        <source>about %1 second left</source>
        <translation>约剩 %1 秒</translation>
    </message>
    <message>
        <source>about %1 seconds left</source>
        <translation>约剩 %1 秒</translation>
    </message>
    <message>
        <source>about %1 minute left</source>
        <translation>约剩 %1 分钟</translation>
    </message>
    <message>
        <source>about %1 minutes left</source>
        <translation>约剩 %1 分钟</translation>
    </message>
    <message>
        <source>about %1 hour left</source>
        <translation>约剩 %1 小时</translation>
    </message>
    <message>
        <source>about %1 hours left</source>
        <translation>约剩 %1 小时</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
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
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>took %1</source>
        <translation>耗时 %1</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>No jobs yet. Check (Ctrl+K) looks for leaks and corruptions in the selected image.</source>
        <translation>暂无任务。“检查”（Ctrl+K）会查找所选镜像中的泄漏和损坏。</translation>
    </message>
    <message>
        <source>Clear Finished</source>
        <translation>清除已完成</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::JobRow</name>
    <message>
        <source>Progress of %1</source>
        <translation>%1 的进度</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop this job; a new file it was writing is removed</source>
        <translation>停止此任务；它正在写入的新文件将被删除</translation>
    </message>
    <message>
        <source>Cancel %1</source>
        <translation>取消 %1</translation>
    </message>
    <message>
        <source>Cancelling</source>
        <translation>正在取消</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::JobRunner</name>
    <message>
        <source>Check %1</source>
        <translation>检查 %1</translation>
    </message>
    <message>
        <source>Convert %1 to raw</source>
        <translation>将 %1 转换为原始格式</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::L2TableModel</name>
    <message>
        <source>Index</source>
        <translation>索引</translation>
    </message>
    <message>
        <source>Guest offset</source>
        <translation>客户机偏移</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Entry / bitmap</source>
        <translation>表项 / 位图</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>表项</translation>
    </message>
    <message>
        <source>Host offset</source>
        <translation>主机偏移</translation>
    </message>
    <message>
        <source>Refcount</source>
        <translation>引用计数</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标志</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::L2TablePane</name>
    <message>
        <source>L2 table</source>
        <translation>L2 表</translation>
    </message>
    <message>
        <source>L2 table entries</source>
        <translation>L2 表项</translation>
    </message>
    <message>
        <source>L2 table %1 at host offset %2 — guest %3 to %4</source>
        <translation>L2 表 %1，位于主机偏移 %2 — 客户机 %3 至 %4</translation>
    </message>
    <message>
        <source>L1 entry %1 has no L2 table — guest %2 to %3 is unallocated here</source>
        <translation>L1 表项 %1 没有 L2 表 — 客户机 %2 至 %3 在此未分配</translation>
    </message>
    <message>
        <source>Guest %1 to %2</source>
        <translation>客户机 %1 至 %2</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::LogPanel</name>
    <message>
        <source>Log of actions and their command lines</source>
        <translation>操作及其命令行的日志</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Copy Last Command</source>
        <translation>复制上一条命令</translation>
    </message>
    <message>
        <source>Copy the diskscope-img command of the last action</source>
        <translation>复制上一个操作对应的 diskscope-img 命令</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::MainWindow</name>
    <message>
        <source>Read-only · no locks</source>
        <translation>只读 · 不加锁</translation>
    </message>
    <message>
        <source>Images are browsed without QEMU&apos;s locks (like qemu-img -U): a running VM is neither blocked nor noticed. Writing jobs take the locks they need.</source>
        <translation>浏览镜像时不使用 QEMU 的锁（同 qemu-img -U）：正在运行的虚拟机既不会被阻塞，也不会察觉。写入任务会获取所需的锁。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a qcow2 or raw disk image (read-only, without locks)</source>
        <translation>打开 qcow2 或原始磁盘镜像（只读，不加锁）</translation>
    </message>
    <message>
        <source>&amp;Close Image</source>
        <translation>关闭镜像(&amp;C)</translation>
    </message>
    <message>
        <source>Remove the selected image from the list (the file is not touched)</source>
        <translation>从列表中移除所选镜像（不改动文件）</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Read the selected image and its chain again</source>
        <translation>重新读取所选镜像及其后备链</translation>
    </message>
    <message>
        <source>C&amp;heck</source>
        <translation>检查(&amp;H)</translation>
    </message>
    <message>
        <source>Look for leaks and corruptions in the selected image or layer (read-only)</source>
        <translation>查找所选镜像或层中的泄漏和损坏（只读）</translation>
    </message>
    <message>
        <source>&amp;Export as Raw Image…</source>
        <translation>导出为原始镜像(&amp;E)…</translation>
    </message>
    <message>
        <source>Write the guest disk of the selected image (with its backing chain) to a new raw file</source>
        <translation>将所选镜像的客户机磁盘（含后备链）写入新的原始格式文件</translation>
    </message>
    <message>
        <source>Copy &amp;Command Line</source>
        <translation>复制命令行(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the diskscope-img command that shows the selected image</source>
        <translation>复制显示所选镜像的 diskscope-img 命令</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Open images and their backing chains</source>
        <translation>已打开的镜像及其后备链</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Command line copied</source>
        <translation>命令行已复制</translation>
    </message>
    <message>
        <source>Check Report</source>
        <translation>检查报告</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Image</source>
        <translation>镜像(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Diskscope</source>
        <translation>关于 Diskscope(&amp;A)</translation>
    </message>
    <message>
        <source>Guest Map</source>
        <translation>客户机映射</translation>
    </message>
    <message>
        <source>Host Layout</source>
        <translation>主机布局</translation>
    </message>
    <message>
        <source>Refcounts</source>
        <translation>引用计数</translation>
    </message>
    <message>
        <source>Backing Chain</source>
        <translation>后备链</translation>
    </message>
    <message>
        <source>Follow Backing File?</source>
        <translation>跟随后备文件？</translation>
    </message>
    <message>
        <source>Follow the backing file of “%1” outside its directory?

%2</source>
        <translation>是否跟随“%1”位于其目录之外的后备文件？

%2</translation>
    </message>
    <message>
        <source>The name is stored inside the image. Follow it only if you trust where the image came from: an image from elsewhere could name any file on this computer. The exception holds for this image only, until Diskscope quits.</source>
        <translation>该名称存储在镜像内部。只有在信任镜像来源时才应跟随：来自他处的镜像可以指向本机上的任意文件。此例外仅对该镜像有效，直到 Diskscope 退出。</translation>
    </message>
    <message>
        <source>Follow Backing File</source>
        <translation>跟随后备文件</translation>
    </message>
    <message>
        <source>Following the backing file %1 of %2 (allowed for this image only)</source>
        <translation>正在跟随 %2 的后备文件 %1（仅对该镜像允许）</translation>
    </message>
    <message>
        <source>No recent images</source>
        <translation>没有最近的镜像</translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation>清除菜单</translation>
    </message>
    <message>
        <source>“%1” is still writing “%2”. Cancel it and quit?</source>
        <translation>“%1”仍在写入“%2”。要取消它并退出吗？</translation>
    </message>
    <message>
        <source>The unfinished file is removed; the source image is not changed.</source>
        <translation>未完成的文件将被删除；源镜像不会改变。</translation>
    </message>
    <message>
        <source>Quit Diskscope?</source>
        <translation>退出 Diskscope？</translation>
    </message>
    <message>
        <source>Cancel Job and Quit</source>
        <translation>取消任务并退出</translation>
    </message>
    <message>
        <source>Keep Working</source>
        <translation>继续工作</translation>
    </message>
    <message>
        <source>Stopping jobs…</source>
        <translation>正在停止任务…</translation>
    </message>
    <message>
        <source>Open Disk Image</source>
        <translation>打开磁盘镜像</translation>
    </message>
    <message>
        <source>Disk images (*.qcow2 *.qcow *.img *.raw *.bin *.disk);;All files (*)</source>
        <translation>磁盘镜像 (*.qcow2 *.qcow *.img *.raw *.bin *.disk);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export as Raw Image</source>
        <translation>导出为原始镜像</translation>
    </message>
    <message>
        <source>Raw disk images (*.raw *.img);;All files (*)</source>
        <translation>原始磁盘镜像 (*.raw *.img);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Opening %1 (read-only, without locks)</source>
        <translation>正在打开 %1（只读，不加锁）</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Opened %1: %2, %3</source>
        <translation>已打开 %1：%2，%3</translation>
    </message>
    <message>
        <source>, %1 backing layer</source>
        <translation>，%1 层后备</translation>
    </message>
    <message>
        <source>, %1 backing layers</source>
        <translation>，%1 层后备</translation>
    </message>
    <message>
        <source>; backing file not opened: %1</source>
        <translation>；未打开后备文件：%1</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Opened %1 images</source>
        <translation>已打开 %1 个镜像</translation>
    </message>
    <message>
        <source>Could Not Open Image</source>
        <translation>无法打开镜像</translation>
    </message>
    <message>
        <source>“%1” could not be opened.</source>
        <translation>无法打开“%1”。</translation>
    </message>
    <message>
        <source>%1

%2</source>
        <translation>%1

%2</translation>
    </message>
    <message>
        <source>Checking %1 (read-only, without locks)</source>
        <translation>正在检查 %1（只读，不加锁）</translation>
    </message>
    <message>
        <source>Converting %1 to the raw image %2</source>
        <translation>正在将 %1 转换为原始镜像 %2</translation>
    </message>
    <message>
        <source>exit status %1</source>
        <translation>退出状态 %1</translation>
    </message>
    <message>
        <source>exit status 0</source>
        <translation>退出状态 0</translation>
    </message>
    <message>
        <source>failed, exit status 1</source>
        <translation>失败，退出状态 1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1：%2（%3）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Backing layer %1 of %2</source>
        <translation>%2 的第 %1 层后备</translation>
    </message>
    <message>
        <source>%1 — Diskscope</source>
        <translation>%1 — Diskscope</translation>
    </message>
    <message>
        <source>1 image open</source>
        <translation>已打开 1 个镜像</translation>
    </message>
    <message>
        <source>%1 images open</source>
        <translation>已打开 %1 个镜像</translation>
    </message>
    <message>
        <source>About Diskscope</source>
        <translation>关于 Diskscope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Diskscope %1&lt;/h3&gt;&lt;p&gt;A disk image manager for qcow2 and raw images.&lt;/p&gt;&lt;p&gt;Images are browsed read-only, without locks; every action shows its &lt;tt&gt;diskscope-img&lt;/tt&gt; command line.&lt;/p&gt;&lt;p&gt;Licensed under the GNU General Public License, version 2 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Diskscope %1&lt;/h3&gt;&lt;p&gt;qcow2 和原始格式磁盘镜像管理器。&lt;/p&gt;&lt;p&gt;镜像以只读、不加锁的方式浏览；每个操作都会显示对应的 &lt;tt&gt;diskscope-img&lt;/tt&gt; 命令行。&lt;/p&gt;&lt;p&gt;依据 GNU 通用公共许可证第 2 版或更高版本授权。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;New Disk…</source>
        <translation>新建磁盘(&amp;N)…</translation>
    </message>
    <message>
        <source>Create a new raw or qcow2 disk image</source>
        <translation>创建新的原始或 qcow2 磁盘镜像</translation>
    </message>
    <message>
        <source>Writing %1 · locked</source>
        <translation>正在写入 %1 · 已加锁</translation>
    </message>
    <message>
        <source>%1 jobs writing · locked</source>
        <translation>%1 个任务正在写入 · 已加锁</translation>
    </message>
    <message>
        <source>Creating %1 (with QEMU&apos;s write lock)</source>
        <translation>正在创建 %1（持有 QEMU 写锁）</translation>
    </message>
    <message>
        <source>&amp;Create Snapshot…</source>
        <translation>创建快照(&amp;C)…</translation>
    </message>
    <message>
        <source>Record the current state of the selected qcow2 image inside the file</source>
        <translation>在文件内记录所选 qcow2 镜像的当前状态</translation>
    </message>
    <message>
        <source>&amp;Apply Snapshot…</source>
        <translation>应用快照(&amp;A)…</translation>
    </message>
    <message>
        <source>Return the image to the selected snapshot (what was written since is lost)</source>
        <translation>将镜像恢复到所选快照（此后写入的内容将丢失）</translation>
    </message>
    <message>
        <source>&amp;Delete Snapshot…</source>
        <translation>删除快照(&amp;D)…</translation>
    </message>
    <message>
        <source>Delete the selected snapshot and release the clusters only it uses</source>
        <translation>删除所选快照，并释放仅由它使用的簇</translation>
    </message>
    <message>
        <source>&amp;Snapshots</source>
        <translation>快照(&amp;S)</translation>
    </message>
    <message>
        <source>Follow Data File?</source>
        <translation>跟随数据文件？</translation>
    </message>
    <message>
        <source>Use the external data file of “%1” outside its directory?

%2</source>
        <translation>使用“%1”位于其目录之外的外部数据文件吗？

%2</translation>
    </message>
    <message>
        <source>The name is stored inside the image, and the guest disk&apos;s data is read from that file (and written to it by writing operations). Allow it only if you trust where the image came from: an image from elsewhere could name any file on this computer. The exception holds for this image only, until Diskscope quits.</source>
        <translation>该名称保存在镜像内部，客户机磁盘的数据从该文件读取（写入操作也会写入该文件）。只有在信任镜像来源时才允许：来自别处的镜像可能指向这台计算机上的任何文件。此例外仅对该镜像有效，直到 Diskscope 退出。</translation>
    </message>
    <message>
        <source>Follow Data File</source>
        <translation>跟随数据文件</translation>
    </message>
    <message>
        <source>Using the external data file %1 of %2 (allowed for this image only)</source>
        <translation>正在使用 %2 的外部数据文件 %1（仅对该镜像允许）</translation>
    </message>
    <message>
        <source>&amp;Rebase…</source>
        <translation>变基(&amp;R)…</translation>
    </message>
    <message>
        <source>Co&amp;mmit…</source>
        <translation>提交(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Amend Options…</source>
        <translation>修改选项(&amp;A)…</translation>
    </message>
    <message>
        <source>Select a readable image or backing layer first.</source>
        <translation>请先选择一个可读的镜像或后备层。</translation>
    </message>
    <message>
        <source>%1 is a raw image: only qcow2 images name a backing file.</source>
        <translation>%1 是 raw 镜像：只有 qcow2 镜像才会记录后备文件。</translation>
    </message>
    <message>
        <source>%1 is a raw image: it has no backing file to commit into.</source>
        <translation>%1 是 raw 镜像：它没有可提交到的后备文件。</translation>
    </message>
    <message>
        <source>%1 is a raw image: only qcow2 images have options to amend.</source>
        <translation>%1 是 raw 镜像：只有 qcow2 镜像才有可修改的选项。</translation>
    </message>
    <message>
        <source>%1 has no backing file to commit into.</source>
        <translation>%1 没有可提交到的后备文件。</translation>
    </message>
    <message>
        <source>Unavailable: %1</source>
        <translation>不可用：%1</translation>
    </message>
    <message>
        <source>Give the selected image another backing file, or none</source>
        <translation>为所选镜像更换后备文件，或去掉后备文件</translation>
    </message>
    <message>
        <source>Write the selected overlay&apos;s data into its backing file</source>
        <translation>将所选覆盖层的数据写入其后备文件</translation>
    </message>
    <message>
        <source>Change the selected qcow2 image&apos;s options in place</source>
        <translation>就地修改所选 qcow2 镜像的选项</translation>
    </message>
    <message>
        <source>C&amp;hain</source>
        <translation>链(&amp;H)</translation>
    </message>
    <message>
        <source>Resi&amp;ze…</source>
        <translation>调整大小(&amp;Z)…</translation>
    </message>
    <message>
        <source>Check and Re&amp;pair…</source>
        <translation>检查与修复(&amp;P)…</translation>
    </message>
    <message>
        <source>Select a readable image first.</source>
        <translation>请先选择一个可读取的镜像。</translation>
    </message>
    <message>
        <source>Grow or shrink the disk of the selected image</source>
        <translation>扩大或缩小所选镜像的磁盘</translation>
    </message>
    <message>
        <source>Check the selected image for leaks and corruptions, and repair them</source>
        <translation>检查所选镜像的泄漏和损坏，并加以修复</translation>
    </message>
    <message>
        <source>Con&amp;vert…</source>
        <translation>转换(&amp;V)…</translation>
    </message>
    <message>
        <source>Convert the selected image to raw or qcow2, compressed or flattened, in a new file</source>
        <translation>将选中的镜像转换为原始格式或 qcow2（可压缩或合并后备链），写入新文件</translation>
    </message>
    <message>
        <source>Converting to %1 (with QEMU&apos;s write lock on the new file)</source>
        <translation>正在转换为 %1（新文件持有 QEMU 写锁）</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::MapLegend</name>
    <message>
        <source>Map legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <source>
%1 cells, %2</source>
        <translation>
%1 格，%2</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::MapView</name>
    <message>
        <source>Map</source>
        <translation>映射图</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::NewDiskWizard</name>
    <message>
        <source>New Disk Image</source>
        <translation>新建磁盘镜像</translation>
    </message>
    <message>
        <source>Create Disk</source>
        <translation>创建磁盘</translation>
    </message>
    <message>
        <source>Disk Format</source>
        <translation>磁盘格式</translation>
    </message>
    <message>
        <source>Choose how the disk is stored on the host.</source>
        <translation>选择磁盘在主机上的存储方式。</translation>
    </message>
    <message>
        <source>&amp;qcow2 — QEMU copy-on-write</source>
        <translation>&amp;qcow2 — QEMU 写时复制</translation>
    </message>
    <message>
        <source>Grows as the guest writes; supports snapshots, backing files and compression.</source>
        <translation>随客户机写入而增长；支持快照、后备文件和压缩。</translation>
    </message>
    <message>
        <source>&amp;raw — a plain byte-for-byte disk</source>
        <translation>&amp;raw — 逐字节对应的原始磁盘</translation>
    </message>
    <message>
        <source>Fastest and readable by every tool; sparse where the file system allows it.</source>
        <translation>速度最快，任何工具都能读取；文件系统支持时为稀疏文件。</translation>
    </message>
    <message>
        <source>Name and Location</source>
        <translation>名称和位置</translation>
    </message>
    <message>
        <source>The file name ends in the format&apos;s usual extension.</source>
        <translation>文件名以该格式常用的扩展名结尾。</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Folder for the New Disk</source>
        <translation>新磁盘所在的文件夹</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>Enter a file name.</source>
        <translation>请输入文件名。</translation>
    </message>
    <message>
        <source>The name cannot contain “/”; choose the folder below.</source>
        <translation>名称不能包含“/”；请在下方选择文件夹。</translation>
    </message>
    <message>
        <source>The folder does not exist.</source>
        <translation>该文件夹不存在。</translation>
    </message>
    <message>
        <source>The folder is not writable.</source>
        <translation>该文件夹不可写。</translation>
    </message>
    <message>
        <source>A folder of that name exists there.</source>
        <translation>该位置已有同名文件夹。</translation>
    </message>
    <message>
        <source>Replace File?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <source>Replace “%1”?</source>
        <translation>替换“%1”？</translation>
    </message>
    <message>
        <source>A file of that name already exists in %1. Creating the disk replaces it; its content is lost.</source>
        <translation>%1 中已存在同名文件。创建磁盘将替换它，其内容会丢失。</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Disk Size</source>
        <translation>磁盘大小</translation>
    </message>
    <message>
        <source>The size the guest sees. A new disk takes almost no host space until written.</source>
        <translation>客户机看到的大小。新磁盘在写入数据之前几乎不占用主机空间。</translation>
    </message>
    <message>
        <source>&amp;Virtual size:</source>
        <translation>虚拟大小(&amp;V)：</translation>
    </message>
    <message>
        <source>Sizes are rounded up to whole 512-byte sectors, as qemu-img does.</source>
        <translation>与 qemu-img 一样，大小会向上取整为 512 字节扇区的整数倍。</translation>
    </message>
    <message>
        <source>The size must be larger than zero.</source>
        <translation>大小必须大于零。</translation>
    </message>
    <message>
        <source>qcow2 Options</source>
        <translation>qcow2 选项</translation>
    </message>
    <message>
        <source>The defaults suit most disks. Choices that qemu-img would refuse together are greyed out.</source>
        <translation>默认值适用于大多数磁盘。qemu-img 不允许同时使用的选项会显示为灰色。</translation>
    </message>
    <message>
        <source>C&amp;luster size:</source>
        <translation>簇大小(&amp;L)：</translation>
    </message>
    <message>
        <source>The allocation unit: larger clusters mean less metadata, smaller ones less waste.</source>
        <translation>分配单位：簇越大元数据越少，簇越小浪费越少。</translation>
    </message>
    <message>
        <source>1.1 (QEMU 1.1 and later)</source>
        <translation>1.1（QEMU 1.1 及更高版本）</translation>
    </message>
    <message>
        <source>0.10 (very old QEMU)</source>
        <translation>0.10（很旧的 QEMU）</translation>
    </message>
    <message>
        <source>Co&amp;mpatibility:</source>
        <translation>兼容性(&amp;M)：</translation>
    </message>
    <message>
        <source>0.10 only for very old readers: it lacks the features below.</source>
        <translation>0.10 仅用于很旧的读取程序：它不支持下面的功能。</translation>
    </message>
    <message>
        <source>&amp;Refcount width:</source>
        <translation>引用计数位宽(&amp;R)：</translation>
    </message>
    <message>
        <source>Bits per cluster reference count; 16 unless many snapshots share clusters.</source>
        <translation>每个簇引用计数的位数；除非大量快照共享簇，否则使用 16。</translation>
    </message>
    <message>
        <source>La&amp;zy refcounts</source>
        <translation>延迟引用计数(&amp;Z)</translation>
    </message>
    <message>
        <source>Faster writes; after a crash the next writer must repair the counts.</source>
        <translation>写入更快；崩溃后下一个写入者必须修复引用计数。</translation>
    </message>
    <message>
        <source>E&amp;xtended L2 entries</source>
        <translation>扩展 L2 表项(&amp;X)</translation>
    </message>
    <message>
        <source>32 subclusters per cluster: less copying over a backing file (16 KiB clusters or more).</source>
        <translation>每簇 32 个子簇：在后备文件之上写入时复制更少（簇大小须为 16 KiB 或以上）。</translation>
    </message>
    <message>
        <source>Com&amp;pression type:</source>
        <translation>压缩类型(&amp;P)：</translation>
    </message>
    <message>
        <source>Used by compressed writes; zstd is faster but needs QEMU 5.1 or later.</source>
        <translation>用于压缩写入；zstd 更快，但需要 QEMU 5.1 或更高版本。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>metadata</source>
        <translation>元数据</translation>
    </message>
    <message>
        <source>falloc</source>
        <translation>falloc</translation>
    </message>
    <message>
        <source>full</source>
        <translation>完全</translation>
    </message>
    <message>
        <source>Pre&amp;allocation:</source>
        <translation>预分配(&amp;A)：</translation>
    </message>
    <message>
        <source>Reserve tables (metadata) or host space (falloc, full) now instead of on first write.</source>
        <translation>现在就预留表（元数据）或主机空间（falloc、完全），而不是在首次写入时分配。</translation>
    </message>
    <message>
        <source>Backing File</source>
        <translation>后备文件</translation>
    </message>
    <message>
        <source>Optional: the new disk starts as a copy-on-write overlay of another image, which is never written.</source>
        <translation>可选：新磁盘作为另一个镜像的写时复制覆盖层创建，后者永远不会被写入。</translation>
    </message>
    <message>
        <source>&amp;Use a backing file</source>
        <translation>使用后备文件(&amp;U)</translation>
    </message>
    <message>
        <source>Backing file</source>
        <translation>后备文件</translation>
    </message>
    <message>
        <source>Br&amp;owse…</source>
        <translation>浏览(&amp;O)…</translation>
    </message>
    <message>
        <source>Take the &amp;virtual size from the backing file</source>
        <translation>使用后备文件的虚拟大小(&amp;V)</translation>
    </message>
    <message>
        <source>The format is detected and recorded in the new disk, so it is never guessed again.</source>
        <translation>格式会被检测并记录在新磁盘中，以后无需再猜测。</translation>
    </message>
    <message>
        <source>Choose the backing file.</source>
        <translation>请选择后备文件。</translation>
    </message>
    <message>
        <source>Reading the backing file…</source>
        <translation>正在读取后备文件…</translation>
    </message>
    <message>
        <source>A disk cannot be its own backing file.</source>
        <translation>磁盘不能作为自己的后备文件。</translation>
    </message>
    <message>
        <source>A backing file with preallocation needs extended L2 entries: go back and turn them on, or preallocation off.</source>
        <translation>使用后备文件时预分配需要扩展 L2 表项：请返回开启扩展 L2，或关闭预分配。</translation>
    </message>
    <message>
        <source>Disk images (*.qcow2 *.img *.raw);;All files (*)</source>
        <translation>磁盘镜像 (*.qcow2 *.img *.raw);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Format: %1 · virtual size %2 (%3)</source>
        <translation>格式：%1 · 虚拟大小 %2（%3）</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Nothing has been written yet. Create Disk writes the file below.</source>
        <translation>尚未写入任何内容。点击“创建磁盘”将写入下面的文件。</translation>
    </message>
    <message>
        <source>Equivalent command:</source>
        <translation>等效命令：</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>格式：%1</translation>
    </message>
    <message>
        <source>Virtual size: %1 (%2)</source>
        <translation>虚拟大小：%1（%2）</translation>
    </message>
    <message>
        <source>Virtual size: that of the backing file, %1</source>
        <translation>虚拟大小：与后备文件相同，%1</translation>
    </message>
    <message>
        <source>Backing file: %1 (%2)</source>
        <translation>后备文件：%1（%2）</translation>
    </message>
    <message>
        <source>Cluster size: %1 · compatibility %2 · refcount width %3 bits</source>
        <translation>簇大小：%1 · 兼容性 %2 · 引用计数位宽 %3 位</translation>
    </message>
    <message>
        <source>Lazy refcounts: %1 · extended L2: %2 · compression: %3 · preallocation: %4</source>
        <translation>延迟引用计数：%1 · 扩展 L2：%2 · 压缩：%3 · 预分配：%4</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>Create %1</source>
        <translation>创建 %1</translation>
    </message>
    <message>
        <source>The backing file cannot be read: %1</source>
        <translation>无法读取后备文件：%1</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::Qcow2OptionRules</name>
    <message>
        <source>Extended L2 entries need compatibility level 1.1.</source>
        <translation>扩展 L2 表项需要兼容性级别 1.1。</translation>
    </message>
    <message>
        <source>Refcount widths other than 16 bits need compatibility level 1.1.</source>
        <translation>16 位以外的引用计数位宽需要兼容性级别 1.1。</translation>
    </message>
    <message>
        <source>Lazy refcounts need compatibility level 1.1.</source>
        <translation>延迟引用计数需要兼容性级别 1.1。</translation>
    </message>
    <message>
        <source>zstd compression needs compatibility level 1.1.</source>
        <translation>zstd 压缩需要兼容性级别 1.1。</translation>
    </message>
    <message>
        <source>Extended L2 entries need a cluster size of at least 16 KiB.</source>
        <translation>扩展 L2 表项要求簇大小至少为 16 KiB。</translation>
    </message>
    <message>
        <source>A backing file with preallocation needs extended L2 entries.</source>
        <translation>使用后备文件时预分配需要扩展 L2 表项。</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::ReasonLabel</name>
    <message>
        <source>Why this cannot go on</source>
        <translation>无法继续的原因</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::RebaseDialog</name>
    <message>
        <source>Rebase %1</source>
        <translation>变基 %1</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>镜像：</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>format not recorded</source>
        <translation>未记录格式</translation>
    </message>
    <message>
        <source>none (the image is standalone)</source>
        <translation>无（镜像是独立的）</translation>
    </message>
    <message>
        <source>Current backing file:</source>
        <translation>当前后备文件：</translation>
    </message>
    <message>
        <source>New backing file</source>
        <translation>新后备文件</translation>
    </message>
    <message>
        <source>A file name, relative to the image&apos;s folder or absolute</source>
        <translation>文件名，相对于镜像所在文件夹或绝对路径</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;No backing file: make the image standalone</source>
        <translation>不使用后备文件：使镜像独立(&amp;N)</translation>
    </message>
    <message>
        <source>New &amp;backing file:</source>
        <translation>新后备文件(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Safe: copy what differs, the guest sees the same disk</source>
        <translation>安全(&amp;S)：复制不同的部分，客户机看到的磁盘不变</translation>
    </message>
    <message>
        <source>&amp;Unsafe (-u): only change the name in the header</source>
        <translation>不安全 (-u)(&amp;U)：只修改文件头中的名称</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>&amp;Relative to the image&apos;s folder</source>
        <translation>相对于镜像所在文件夹(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Absolute path</source>
        <translation>绝对路径(&amp;A)</translation>
    </message>
    <message>
        <source>Name stored:</source>
        <translation>存储的名称：</translation>
    </message>
    <message>
        <source>Rebase</source>
        <translation>变基</translation>
    </message>
    <message>
        <source>New Backing File</source>
        <translation>新后备文件</translation>
    </message>
    <message>
        <source>Disk images (*.qcow2 *.img *.raw);;All files (*)</source>
        <translation>磁盘镜像 (*.qcow2 *.img *.raw);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The image will read zeros where it now reads its backing file.</source>
        <translation>镜像在目前读取后备文件的位置将读到零。</translation>
    </message>
    <message>
        <source>Everything the image reads from its backing chain is copied into it.</source>
        <translation>镜像从后备链读取的所有内容都会被复制到镜像中。</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Detected format: %1 · virtual size %2 (recorded in the header with the name)</source>
        <translation>检测到的格式：%1 · 虚拟大小 %2（与名称一起记录在文件头中）</translation>
    </message>
    <message>
        <source>Unsafe mode only rewrites the backing file&apos;s name in %1&apos;s header; nothing is read or copied. If the new backing file does not hold exactly the same data as the current one, the guest&apos;s disk changes. Use it only to fix the name of a file that was moved or renamed.</source>
        <translation>不安全模式只重写 %1 文件头中的后备文件名，不读取也不复制任何内容。如果新后备文件的数据与当前后备文件不完全相同，客户机看到的磁盘就会改变。仅在修正被移动或重命名的文件的名称时使用。</translation>
    </message>
    <message>
        <source>Fast, but the guest view changes unless the new file holds the same data.</source>
        <translation>速度快，但除非新文件包含相同的数据，否则客户机看到的内容会改变。</translation>
    </message>
    <message>
        <source>Safe mode copies into %1 every part the guest would otherwise see differently through the new backing file, then switches the name. The guest sees the same disk afterwards; %1 may grow. A cancel or a crash before the switch leaves the old backing file in place.</source>
        <translation>安全模式会先把客户机通过新后备文件会看到不同内容的每个部分复制到 %1 中，然后再切换名称。之后客户机看到的磁盘不变；%1 可能会变大。在切换之前取消或崩溃，旧的后备文件仍然保留。</translation>
    </message>
    <message>
        <source>Reads the current and the new backing chain; takes longer for large disks.</source>
        <translation>会读取当前和新的后备链；大磁盘需要更长时间。</translation>
    </message>
    <message>
        <source>No name is stored.</source>
        <translation>不存储名称。</translation>
    </message>
    <message>
        <source>Stored as “%1”. It leads outside the image&apos;s folder, so opening the image will ask before following it.</source>
        <translation>存储为“%1”。它指向镜像所在文件夹之外，因此打开镜像时会先询问再跟随。</translation>
    </message>
    <message>
        <source>Stored as “%1”: the image and its backing file can move together.</source>
        <translation>存储为“%1”：镜像和后备文件可以一起移动。</translation>
    </message>
    <message>
        <source>Stored as “%1”: keeps working if the image moves without its backing file.</source>
        <translation>存储为“%1”：镜像单独移动后仍然有效。</translation>
    </message>
    <message>
        <source>%1 cannot be written: you do not have permission.</source>
        <translation>无法写入 %1：你没有权限。</translation>
    </message>
    <message>
        <source>The current backing chain cannot be read, so safe mode cannot compare it: choose unsafe mode to fix the name only.</source>
        <translation>无法读取当前后备链，因此安全模式无法进行比较：请选择不安全模式，只修正名称。</translation>
    </message>
    <message>
        <source>%1 already has no backing file.</source>
        <translation>%1 已经没有后备文件。</translation>
    </message>
    <message>
        <source>Choose the new backing file, or tick “No backing file”.</source>
        <translation>请选择新的后备文件，或勾选“不使用后备文件”。</translation>
    </message>
    <message>
        <source>An image cannot be its own backing file.</source>
        <translation>镜像不能作为自己的后备文件。</translation>
    </message>
    <message>
        <source>Reading the new backing file…</source>
        <translation>正在读取新后备文件…</translation>
    </message>
    <message>
        <source>%1 already uses this backing file, stored under this name.</source>
        <translation>%1 已经以此名称使用该后备文件。</translation>
    </message>
    <message>
        <source>Rebase Image?</source>
        <translation>变基镜像？</translation>
    </message>
    <message>
        <source>Make %1 standalone?</source>
        <translation>要使 %1 成为独立镜像吗？</translation>
    </message>
    <message>
        <source>Rebase %1 onto %2?</source>
        <translation>要将 %1 变基到 %2 上吗？</translation>
    </message>
    <message>
        <source>Unsafe mode: %1 forgets its backing file without copying anything, so the guest reads zeros where it read the backing file. This cannot be undone.</source>
        <translation>不安全模式：%1 不复制任何内容就去掉后备文件，客户机在原先读取后备文件的位置将读到零。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Unsafe mode: only the name in %1&apos;s header changes. If %2 does not hold the same data as the current backing file, the guest&apos;s disk changes.</source>
        <translation>不安全模式：只修改 %1 文件头中的名称。如果 %2 的数据与当前后备文件不同，客户机看到的磁盘就会改变。</translation>
    </message>
    <message>
        <source>The parts that differ are copied into %1 first, so the guest sees the same disk; then its header names the new backing file.</source>
        <translation>先把不同的部分复制到 %1 中，使客户机看到的磁盘不变；然后其文件头再指向新后备文件。</translation>
    </message>
    <message>
        <source>Rebasing %1 (with QEMU&apos;s write lock)</source>
        <translation>正在变基 %1（持有 QEMU 写锁）</translation>
    </message>
    <message>
        <source>The new backing file cannot be read: %1</source>
        <translation>无法读取新后备文件：%1</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::RefcountHistogram</name>
    <message>
        <source>Histogram of refcount values</source>
        <translation>引用计数值直方图</translation>
    </message>
    <message>
        <source>refcount %1: %L2 clusters</source>
        <translation>引用计数 %1：%L2 个簇</translation>
    </message>
    <message>
        <source>No refcounts read yet</source>
        <translation>尚未读取引用计数</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::RefcountPanel</name>
    <message>
        <source>Refcount usage</source>
        <translation>引用计数使用情况</translation>
    </message>
    <message>
        <source>Refcount values</source>
        <translation>引用计数值</translation>
    </message>
    <message>
        <source>Refcount blocks</source>
        <translation>引用计数块</translation>
    </message>
    <message>
        <source>Point at a block for the refcount of its clusters.</source>
        <translation>将鼠标指向某个块，查看其中各簇的引用计数。</translation>
    </message>
    <message>
        <source>Refcount %1: %L2 host clusters</source>
        <translation>引用计数 %1：%L2 个主机簇</translation>
    </message>
    <message>
        <source>Host cluster %L1 at offset 0x%2 (%3), refcount block %4: refcount %5</source>
        <translation>主机簇 %L1，偏移 0x%2（%3），引用计数块 %4：引用计数 %5</translation>
    </message>
    <message>
        <source> — leaked: nothing refers to it</source>
        <translation> — 已泄漏：无人引用</translation>
    </message>
    <message>
        <source> — shared (snapshots)</source>
        <translation> — 共享（快照）</translation>
    </message>
    <message>
        <source>Refcount blocks of %1</source>
        <translation>%1 的引用计数块</translation>
    </message>
    <message>
        <source>Reading every table…</source>
        <translation>正在读取所有表…</translation>
    </message>
    <message>
        <source>No refcounts: %1</source>
        <translation>没有引用计数：%1</translation>
    </message>
    <message>
        <source>%L1 host clusters of %2, %3-bit refcounts</source>
        <translation>%L1 个主机簇，每簇 %2，%3 位引用计数</translation>
    </message>
    <message>
        <source>%1 refcount block</source>
        <translation>%1 个引用计数块</translation>
    </message>
    <message>
        <source>%1 refcount blocks</source>
        <translation>%1 个引用计数块</translation>
    </message>
    <message>
        <source>%L1 shared</source>
        <translation>%L1 个共享</translation>
    </message>
    <message>
        <source>%L1 leaked</source>
        <translation>%L1 个泄漏</translation>
    </message>
    <message>
        <source>%1 corruption</source>
        <translation>%1 处损坏</translation>
    </message>
    <message>
        <source>%1 corruptions</source>
        <translation>%1 处损坏</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::RefcountStrip</name>
    <message>
        <source>Refcount blocks</source>
        <translation>引用计数块</translation>
    </message>
    <message>
        <source>No refcount blocks read yet</source>
        <translation>尚未读取引用计数块</translation>
    </message>
    <message>
        <source>Block %1</source>
        <translation>块 %1</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::ResizeDialog</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Resize %1</source>
        <translation>调整 %1 的大小</translation>
    </message>
    <message>
        <source>Changes the size of the disk the guest sees in %1. Growing adds space that reads as zeros at the end; the partitions and file systems inside the disk are not resized.</source>
        <translation>更改 %1 中客户机所见磁盘的大小。扩大会在末尾添加读取为零的空间；磁盘内的分区和文件系统不会随之调整大小。</translation>
    </message>
    <message>
        <source>Current size:</source>
        <translation>当前大小：</translation>
    </message>
    <message>
        <source>Looking for the last data…</source>
        <translation>正在查找最后的数据…</translation>
    </message>
    <message>
        <source>Last data ends at:</source>
        <translation>最后的数据结束于：</translation>
    </message>
    <message>
        <source>&amp;New size:</source>
        <translation>新大小(&amp;N)：</translation>
    </message>
    <message>
        <source>Change:</source>
        <translation>变化：</translation>
    </message>
    <message>
        <source>Off: the new area takes no space until written</source>
        <translation>关闭：新区域在写入前不占用空间</translation>
    </message>
    <message>
        <source>Metadata: tables for the new area written now</source>
        <translation>元数据：立即写入新区域的表</translation>
    </message>
    <message>
        <source>Falloc: host space reserved now</source>
        <translation>Falloc：立即预留主机空间</translation>
    </message>
    <message>
        <source>Full: zeros written now</source>
        <translation>完全：立即写入零</translation>
    </message>
    <message>
        <source>Raw images have no metadata to preallocate.</source>
        <translation>原始镜像没有可预分配的元数据。</translation>
    </message>
    <message>
        <source>&amp;Preallocation:</source>
        <translation>预分配(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Discard the data beyond the new end</source>
        <translation>丢弃新末尾之后的数据(&amp;D)</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>&amp;Resize</source>
        <translation>调整大小(&amp;R)</translation>
    </message>
    <message>
        <source>%1 is a backing file: resizing it would change what the images above it read. Open it on its own to resize it.</source>
        <translation>%1 是后备文件：调整其大小会改变上层镜像读到的内容。请单独打开它再调整大小。</translation>
    </message>
    <message>
        <source>%1 is marked corrupt: repair it first (Image ▸ Check and Repair).</source>
        <translation>%1 被标记为已损坏：请先修复（镜像 ▸ 检查与修复）。</translation>
    </message>
    <message>
        <source>%1 has persistent bitmaps, which Diskscope does not update.</source>
        <translation>%1 含有持久位图，Diskscope 不会更新它们。</translation>
    </message>
    <message>
        <source>%1 is a version 2 (compat 0.10) image with internal snapshots: it cannot be resized.</source>
        <translation>%1 是带内部快照的第 2 版（compat 0.10）镜像：无法调整大小。</translation>
    </message>
    <message>
        <source>%1 was not closed cleanly: check and repair it first.</source>
        <translation>%1 未被正常关闭：请先检查并修复。</translation>
    </message>
    <message>
        <source>You do not have permission to write %1.</source>
        <translation>您没有写入 %1 的权限。</translation>
    </message>
    <message>
        <source>No data is stored: the disk reads as zeros</source>
        <translation>未存储任何数据：磁盘读取为全零</translation>
    </message>
    <message>
        <source>Unknown: %1</source>
        <translation>未知：%1</translation>
    </message>
    <message>
        <source>A qcow2 image&apos;s size must be a whole number of 512-byte sectors.</source>
        <translation>qcow2 镜像的大小必须是 512 字节扇区的整数倍。</translation>
    </message>
    <message>
        <source>The new size is the current size.</source>
        <translation>新大小与当前大小相同。</translation>
    </message>
    <message>
        <source>Still looking for the last data on %1…</source>
        <translation>仍在查找 %1 上最后的数据…</translation>
    </message>
    <message>
        <source>The new end cuts into data: tick “Discard the data beyond the new end” to shrink anyway.</source>
        <translation>新的末尾会截掉数据：如仍要缩小，请勾选“丢弃新末尾之后的数据”。</translation>
    </message>
    <message>
        <source>+%1 (grows)</source>
        <translation>+%1（扩大）</translation>
    </message>
    <message>
        <source>−%1 (shrinks)</source>
        <translation>−%1（缩小）</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Fastest; the file grows as the guest writes.</source>
        <translation>最快；文件随客户机写入而增长。</translation>
    </message>
    <message>
        <source>qcow2 only: later writes need no table updates; the file stays sparse.</source>
        <translation>仅限 qcow2：之后的写入无需更新表；文件保持稀疏。</translation>
    </message>
    <message>
        <source>The file system reserves the space now, so the guest cannot run out of it later.</source>
        <translation>文件系统立即预留空间，客户机之后不会因空间不足而出错。</translation>
    </message>
    <message>
        <source>Every byte of the new area is written: slow, but the space is surely there.</source>
        <translation>新区域的每个字节都会被写入：较慢，但空间确实可用。</translation>
    </message>
    <message>
        <source>Only for growing: the new area is what gets preallocated.</source>
        <translation>仅用于扩大：预分配的是新增区域。</translation>
    </message>
    <message>
        <source>Shrinking deletes everything beyond %1 for good. Looking for where the last data sits…</source>
        <translation>缩小会永久删除 %1 之后的所有内容。正在查找最后的数据所在位置…</translation>
    </message>
    <message>
        <source>Shrinking deletes everything beyond %1 for good, and where the last data sits is unknown.</source>
        <translation>缩小会永久删除 %1 之后的所有内容，且最后的数据所在位置未知。</translation>
    </message>
    <message>
        <source>The disk holds data up to %1: shrinking to %2 cuts off the last %3 of it, with everything else beyond the new end. Make sure no partition or file system inside the disk reaches past %2.</source>
        <translation>磁盘的数据一直延伸到 %1：缩小到 %2 会截掉其中最后的 %3，以及新末尾之后的其他所有内容。请确保磁盘内没有分区或文件系统超出 %2。</translation>
    </message>
    <message>
        <source>Shrinking deletes everything beyond %1 for good. No data is stored there now, but make sure no partition or file system inside the disk reaches past it.</source>
        <translation>缩小会永久删除 %1 之后的所有内容。那里目前没有存储数据，但请确保磁盘内没有分区或文件系统超出该位置。</translation>
    </message>
    <message>
        <source>&amp;Shrink</source>
        <translation>缩小(&amp;S)</translation>
    </message>
    <message>
        <source>Data stored between %1 and %2 (%3) is discarded, with everything else beyond the new end. This cannot be undone.</source>
        <translation>%1 与 %2 之间存储的数据（%3）将被丢弃，新末尾之后的其他内容也一样。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Everything beyond the new end is discarded. This cannot be undone.</source>
        <translation>新末尾之后的所有内容都将被丢弃。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Everything beyond the new end is discarded (no data is stored there now). This cannot be undone.</source>
        <translation>新末尾之后的所有内容都将被丢弃（那里目前没有存储数据）。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Shrink Disk Image?</source>
        <translation>缩小磁盘镜像？</translation>
    </message>
    <message>
        <source>Shrink %1 from %2 to %3?</source>
        <translation>将 %1 从 %2 缩小到 %3？</translation>
    </message>
    <message>
        <source>Shrink</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Resizing %1 from %2 to %3 (with QEMU&apos;s write lock)</source>
        <translation>正在将 %1 的大小从 %2 调整为 %3（持有 QEMU 写锁）</translation>
    </message>
    <message>
        <source>Resized to %1.</source>
        <translation>已调整为 %1。</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::SizeEntry</name>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>KiB</source>
        <translation>KiB</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>GiB</source>
        <translation>GiB</translation>
    </message>
    <message>
        <source>TiB</source>
        <translation>TiB</translation>
    </message>
    <message>
        <source>Size unit</source>
        <translation>大小单位</translation>
    </message>
    <message>
        <source>Enter a size.</source>
        <translation>请输入大小。</translation>
    </message>
    <message>
        <source>“%1” is not a number.</source>
        <translation>“%1”不是数字。</translation>
    </message>
    <message>
        <source>A size in bytes must be a whole number.</source>
        <translation>以字节为单位的大小必须是整数。</translation>
    </message>
    <message>
        <source>The size is larger than 8 EiB, the largest a disk image can have.</source>
        <translation>大小超过了磁盘镜像的上限 8 EiB。</translation>
    </message>
    <message>
        <source>= %1</source>
        <translation>= %1</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::SnapshotActions</name>
    <message>
        <source>Snapshot %1</source>
        <translation>快照 %1</translation>
    </message>
    <message>
        <source>Creating snapshot “%1” of %2 (with QEMU&apos;s write lock)</source>
        <translation>正在创建 %2 的快照“%1”（持有 QEMU 写锁）</translation>
    </message>
    <message>
        <source>Apply Snapshot?</source>
        <translation>应用快照？</translation>
    </message>
    <message>
        <source>Return %1 to snapshot “%2”?</source>
        <translation>将 %1 恢复到快照“%2”？</translation>
    </message>
    <message>
        <source>Everything written to %1 since %2 (when “%3” was taken) is lost: the current state of the disk is replaced by the snapshot&apos;s. This cannot be undone.</source>
        <translation>自 %2（创建“%3”时）以来写入 %1 的所有内容都将丢失：磁盘的当前状态会被快照中的状态替换。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Apply Snapshot</source>
        <translation>应用快照</translation>
    </message>
    <message>
        <source>Apply snapshot of %1</source>
        <translation>应用 %1 的快照</translation>
    </message>
    <message>
        <source>Applying snapshot “%1” to %2</source>
        <translation>正在将快照“%1”应用到 %2</translation>
    </message>
    <message>
        <source>Space of snapshot “%1”</source>
        <translation>快照“%1”占用的空间</translation>
    </message>
    <message>
        <source>Delete Snapshot?</source>
        <translation>删除快照？</translation>
    </message>
    <message>
        <source>Delete snapshot “%1” from %2?</source>
        <translation>从 %2 中删除快照“%1”？</translation>
    </message>
    <message>
        <source>%1 of clusters will be released inside the file (its length may stay the same). This cannot be undone.</source>
        <translation>文件内将释放 %1 的簇（文件长度可能保持不变）。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete Snapshot</source>
        <translation>删除快照</translation>
    </message>
    <message>
        <source>Delete snapshot of %1</source>
        <translation>删除 %1 的快照</translation>
    </message>
    <message>
        <source>Deleting snapshot “%1” of %2</source>
        <translation>正在删除 %2 的快照“%1”</translation>
    </message>
</context>
<context>
    <name>diskscope::ui::SnapshotTableModel</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>VM state size</source>
        <translation>虚拟机状态大小</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>VM clock</source>
        <translation>虚拟机时钟</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Disk image manager for qcow2 and raw images.</source>
        <translation>用于 qcow2 和 raw 镜像的磁盘镜像管理器。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Disk images to open.</source>
        <translation>要打开的磁盘镜像。</translation>
    </message>
    <message>
        <source>[FILE...]</source>
        <translation>[文件...]</translation>
    </message>
</context>
</TS>
