// Include this instead of <qcustomplot.h>. QCustomPlot's header spells Qt's
// keywords (signals, foreach), which this project turns off (QT_NO_KEYWORDS:
// they collide with LibTorch); they are defined around it and removed again.
#pragma once

#include <QObject>
#include <QtGlobal>

#if !defined(signals)
#define signals Q_SIGNALS
#define SA_QCUSTOMPLOT_UNDEF_SIGNALS
#endif
#if !defined(slots)
#define slots Q_SLOTS
#define SA_QCUSTOMPLOT_UNDEF_SLOTS
#endif
#if !defined(emit)
#define emit Q_EMIT
#define SA_QCUSTOMPLOT_UNDEF_EMIT
#endif
#if !defined(foreach)
#define foreach Q_FOREACH
#define SA_QCUSTOMPLOT_UNDEF_FOREACH
#endif

#include <qcustomplot.h>

#ifdef SA_QCUSTOMPLOT_UNDEF_SIGNALS
#undef signals
#undef SA_QCUSTOMPLOT_UNDEF_SIGNALS
#endif
#ifdef SA_QCUSTOMPLOT_UNDEF_SLOTS
#undef slots
#undef SA_QCUSTOMPLOT_UNDEF_SLOTS
#endif
#ifdef SA_QCUSTOMPLOT_UNDEF_EMIT
#undef emit
#undef SA_QCUSTOMPLOT_UNDEF_EMIT
#endif
#ifdef SA_QCUSTOMPLOT_UNDEF_FOREACH
#undef foreach
#undef SA_QCUSTOMPLOT_UNDEF_FOREACH
#endif
